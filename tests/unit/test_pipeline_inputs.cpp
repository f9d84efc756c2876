// What a generation run is given: viewsets (IVID's, rings, custom files, impossible ones), class
// selection (names, IVID's modes, bad ids), model packs and the model pairing rules.
#include <cmath>
#include <limits>

#include "core/nn/adm_config.hpp"
#include "core/pipeline/class_selection.hpp"
#include "core/pipeline/generation_models.hpp"
#include "core/pipeline/model_pack.hpp"
#include "core/pipeline/viewset_spec.hpp"
#include "core/util/json_fields.hpp"
#include "tests/test_support.hpp"

#include <doctest/doctest.h>  // after the torch headers: glog defines its own CHECK

using namespace ivid;
using namespace ivid::pipeline;
using test::contains;
using test::message_of;

namespace {

const std::filesystem::path kModels = std::filesystem::path(IVID_FIXTURES_DIR) / "ivid-torch" / "models";
constexpr double kPi = 3.14159265358979323846;

std::string viewset_error(const test::TempDir& tmp, const std::string& json) {
    test::write_bytes(tmp.path / "views.json", json);
    return message_of([&] { parse_viewset((tmp.path / "views.json").string()); });
}

nn::ModelConfig fixture_config(const std::string& name, const std::function<void(nlohmann::json&)>& edit = {}) {
    nlohmann::json doc = parse_json_file(kModels / name);
    if (edit) edit(doc["backbone"]["args"]);
    return nn::parse_model_config(doc, name);
}

}  // namespace

TEST_CASE("viewsets: IVID's 3x9 and random, rings") {
    const ViewsetSpec v3x9 = parse_viewset("3x9");
    REQUIRE(v3x9.poses.size() == 27);
    const auto ref = viewset_3x9();
    for (size_t i = 0; i < ref.size(); ++i) {
        CHECK(v3x9.poses[i].yaw == ref[i].yaw);
        CHECK(v3x9.poses[i].pitch == ref[i].pitch);
    }
    const ViewsetSpec random = parse_viewset("random");
    CHECK(random.per_seed);
    for (uint64_t seed : {0u, 5u}) {
        const auto poses = random.poses_for_seed(seed), expected = viewset_random(2, seed);
        REQUIRE(poses.size() == 2);
        CHECK(poses[0].yaw == 0.0f);
        CHECK(poses[1].yaw == expected[1].yaw);
        CHECK(poses[1].pitch == expected[1].pitch);
    }
    CHECK(random.poses_for_seed(0)[1].yaw != random.poses_for_seed(1)[1].yaw);

    const ViewsetSpec ring = parse_viewset("ring:8");
    REQUIRE(ring.poses.size() == 8);
    for (size_t i = 0; i < 8; ++i) {
        CHECK(ring.poses[i].yaw == doctest::Approx(2 * kPi * double(i) / 8).epsilon(1e-6));
        CHECK(ring.poses[i].pitch == 0.0f);
    }
    CHECK(parse_viewset("ring:1").poses.size() == 1);
}

TEST_CASE("viewsets: custom files in degrees") {
    test::TempDir tmp;
    test::write_bytes(tmp.path / "v.json", R"([{"yaw": 0, "pitch": 0}, {"yaw": 90, "pitch": -30}])");
    const ViewsetSpec spec = parse_viewset((tmp.path / "v.json").string());
    REQUIRE(spec.poses.size() == 2);
    CHECK(spec.poses[1].yaw == doctest::Approx(kPi / 2).epsilon(1e-6));
    CHECK(spec.poses[1].pitch == doctest::Approx(-kPi / 6).epsilon(1e-6));
    test::write_bytes(tmp.path / "o.json", R"({"views": [{"yaw": 10, "pitch": 5}]})");
    CHECK(parse_viewset((tmp.path / "o.json").string()).poses.size() == 1);
}

TEST_CASE("viewsets: impossible ones are Errors naming the problem") {
    test::TempDir tmp;
    CHECK(contains(viewset_error(tmp, "[]"), "at least one pose"));
    CHECK(contains(viewset_error(tmp, R"([{"yaw": 0, "pitch": 85}])"), "|pitch| <= 80 degrees"));
    CHECK(contains(viewset_error(tmp, R"([{"yaw": 0, "pitch": 0}, {"yaw": 360, "pitch": 0}])"),
                   "the same pose as views[0]"));
    CHECK(contains(viewset_error(tmp, R"([{"yaw": "left", "pitch": 0}])"), "a number of degrees"));
    CHECK(contains(viewset_error(tmp, R"([{"yaw": 0, "pitch": 0, "roll": 3}])"), "unknown key"));
    CHECK(contains(viewset_error(tmp, R"([{"yaw": 0}])"), "pitch"));
    CHECK(contains(viewset_error(tmp, R"({"poses": []})"), "views"));
    CHECK(contains(message_of([] { parse_viewset("ring:0"); }), "N a whole number from 1 to 360"));
    CHECK(contains(message_of([] { parse_viewset("ring:4x"); }), "ring:N"));
    CHECK(contains(message_of([] { parse_viewset("4x9"); }), "3x9, random, ring:N or a .json file"));
    CHECK(contains(message_of([] { parse_viewset("/no/such/views.json"); }), "views.json"));
    // A scene's view limit, checked before the pairwise duplicate test (10^5 poses used to take
    // minutes there).
    std::string many = "[";
    for (int i = 0; i < 100000; ++i) many += (i ? "," : "") + std::string(R"({"yaw": )") + std::to_string(i * 1e-3) + R"(, "pitch": 0})";
    CHECK(contains(viewset_error(tmp, many + "]"), "views: expected at most 255 poses (a scene's view limit), found 100000 poses"));
    std::vector<OrbitPose> ring = viewset_ring(255);
    validate_viewset(ring, "255 poses");
    ring.push_back(OrbitPose{});
    ring.back().pitch = 0.5f;
    CHECK(contains(message_of([&] { validate_viewset(ring, "256 poses"); }), "at most 255 poses"));
    OrbitPose nan_pose;
    nan_pose.yaw = std::numeric_limits<float>::quiet_NaN();
    CHECK(contains(message_of([&] { validate_viewset({OrbitPose{}, nan_pose}, "test"); }), "finite yaw and pitch"));
}

TEST_CASE("ImageNet class names: ids, synonyms, prefixes, ambiguity") {
    const ClassNames names = ClassNames::imagenet();
    REQUIRE(names.size() == 1000);
    CHECK(names.line(0) == "tench, Tinca tinca");
    CHECK(names.short_name(999) == "toilet tissue");
    CHECK(names.find("goldfish") == 1);
    CHECK(names.find("Tinca tinca") == 0);          // a later synonym, any case
    CHECK(names.find("GREAT WHITE SHA") == 2);      // unique prefix
    CHECK(names.find("tabby") == 281);              // whole synonym wins over "tabby cat"
    const std::string crane = message_of([&] { names.find("crane"); });
    CHECK(contains(crane, "2 candidates"));
    CHECK(contains(crane, "134 = crane"));
    CHECK(contains(crane, "517 = crane"));
    CHECK(names.find("tiger") == 292);              // whole synonym beats the prefix of "tiger shark"
    CHECK(contains(message_of([&] { names.find("tig"); }), "candidates"));
    CHECK(contains(message_of([&] { names.find("unicorn"); }), "no match"));
    CHECK(names.search("shark").size() >= 3);
}

TEST_CASE("class choice: IVID's modes and lists") {
    const ClassNames names = ClassNames::imagenet();
    const std::vector<uint64_t> seeds = {3, 12, 25};
    CHECK(assign_classes(parse_class_choice("mod", names), seeds, 10) == std::vector<int>{3, 2, 5});
    CHECK(assign_classes(parse_class_choice("uniform", names), seeds, 2) == std::vector<int>{0, 1, 0});
    const auto random = assign_classes(parse_class_choice("random", names), seeds, 1000);
    CHECK(random == assign_classes(parse_class_choice("random", names), seeds, 1000));  // from the seeds
    CHECK(assign_classes(parse_class_choice("goldfish", names), seeds, 10) == std::vector<int>{1, 1, 1});
    CHECK(assign_classes(parse_class_choice("0-1,tench", names), seeds, 10) == std::vector<int>{0, 1, 0});
    CHECK(contains(message_of([&] { assign_classes(parse_class_choice("12", names), seeds, 10); }),
                   "0..9 (the model has 10 classes)"));
    CHECK(contains(message_of([&] { assign_classes(parse_class_choice("1,2", names), seeds, 10); }),
                   "1 class or one per seed (3)"));
    CHECK(contains(message_of([&] { parse_class_choice("1,,2", names); }), "an empty entry"));
    CHECK(contains(message_of([&] { parse_class_choice("5-2", names); }), "A <= B"));
}

TEST_CASE("model packs: reading, defaults over IVID's, bad packs") {
    test::TempDir tmp;
    for (const char* f : {"uncond_rgbd.json", "uncond_rgbd.pt", "cond_rgbd.json", "cond_rgbd.pt"})
        std::filesystem::copy_file(kModels / f, tmp.path / f);
    const std::string models = R"("unconditional": {"config": "uncond_rgbd.json", "checkpoint": "uncond_rgbd.pt"},
                                  "conditional": {"config": "cond_rgbd.json", "checkpoint": "cond_rgbd.pt"})";
    test::write_bytes(tmp.path / "pack.json", R"({"version": 1, "name": "tiny", )" + models +
                                                  R"(, "defaults": {"viewset": "ring:4", "unconditional": {"steps": 20},
                                                      "conditional": {"sampler": "dpmpp_2m", "guidance": 2},
                                                      "aggregation": {"atol": 0.1, "erode_rgb": 2},
                                                      "corrections": {"replace_rgb": 1}}})");
    const ModelPack pack = load_model_pack(tmp.path);
    CHECK(pack.models.name == "tiny");
    CHECK(pack.models.conditional.checkpoint == tmp.path / "cond_rgbd.pt");
    // Provenance records pack files relative to the pack, not this machine's absolute paths.
    CHECK(pack.models.conditional.recorded_checkpoint() == "cond_rgbd.pt");
    CHECK(pack.models.unconditional.recorded_config() == "uncond_rgbd.json");
    CHECK(ModelFiles{"models/u.json", "models/u.pt", {}}.recorded_checkpoint() == "models/u.pt");  // as given
    CHECK(pack.viewset == "ring:4");
    CHECK(pack.unconditional.steps == 20);
    CHECK(pack.unconditional.sampler == diffusion::SamplerKind::Ddpm);  // IVID's default kept
    CHECK(pack.conditional.sampler == diffusion::SamplerKind::DpmSolver2M);
    CHECK(pack.conditional.steps == 50);
    CHECK(pack.conditional.guidance == 2.0);
    CHECK(pack.aggregation.atol == 0.1f);
    CHECK(pack.aggregation.rtol == AggregateSettings{}.rtol);  // IVID's 0.03 kept
    CHECK(pack.aggregation.erode_rgb == 2);
    CHECK(pack.corrections.replace_rgb == 1.0);
    CHECK(pack.corrections.replace_depth == CorrectionWeights{}.replace_depth);  // IVID's 0.2 kept
    CHECK(aggregation_tolerances_to_json(pack.aggregation)["atol"].dump() == "0.1");
    CHECK(load_model_pack(tmp.path).aggregation.near == AggregateSettings{}.near);

    auto pack_error = [&](const std::string& json) {
        test::write_bytes(tmp.path / "pack.json", json);
        return message_of([&] { load_model_pack(tmp.path); });
    };
    CHECK(contains(pack_error(R"({"version": 2, "name": "x", )" + models + "}"), "version"));
    CHECK(contains(pack_error(R"({"version": 1, "name": "x", "extra": 1, )" + models + "}"), "unknown key"));
    CHECK(contains(pack_error(R"({"version": 1, "name": "x", )" + models + R"(, "defaults": {"conditional": {"stepz": 3}}})"),
                   "stepz"));
    const std::string bad_tolerance = pack_error(R"({"version": 1, "name": "x", )" + models +
                                                 R"(, "defaults": {"aggregation": {"rtol": -1}}})");
    CHECK(contains(bad_tolerance, "rtol"));
    CHECK(contains(bad_tolerance, "-1"));
    CHECK(contains(pack_error(R"({"version": 1, "name": "x", )" + models + R"(, "defaults": {"aggregation": {"erode_rgb": 0}}})"),
                   "erode_rgb: expected 1..16"));
    CHECK(contains(pack_error(R"({"version": 1, "name": "x", )" + models + R"(, "defaults": {"aggregation": {"near": 1}}})"),
                   "near"));
    const std::string bad_weight = pack_error(R"({"version": 1, "name": "x", )" + models +
                                              R"(, "defaults": {"corrections": {"replace_depth": 1.5}}})");
    CHECK(contains(bad_weight, "defaults.corrections.replace_depth: expected a number from 0 to 1, found number 1.5"));
    CHECK(contains(pack_error(R"({"version": 1, "name": "x", )" + models + R"(, "defaults": {"corrections": {"replace": 1}}})"),
                   "replace"));
    // An SR model with its stage settings; back_projection is the stage's, the rest the sampler's.
    for (const char* f : {"sr_rgbd.json", "sr_rgbd.pt"})
        std::filesystem::copy_file(std::filesystem::path(IVID_FIXTURES_DIR) / "ivid-sr" / "models" / f, tmp.path / f);
    const std::string with_sr = models + R"(, "super_resolution": {"config": "sr_rgbd.json", "checkpoint": "sr_rgbd.pt"})";
    test::write_bytes(tmp.path / "pack.json", R"({"version": 1, "name": "sr", )" + with_sr +
                                                  R"(, "defaults": {"super_resolution": {"steps": 6, "back_projection": 1}}})");
    const ModelPack sr_pack = load_model_pack(tmp.path);
    CHECK(sr_pack.super_resolution.steps == 6);
    CHECK(sr_pack.super_resolution_back_projection == 1.0);
    CHECK(pack.super_resolution_back_projection == 0.0);  // IVID's: none
    CHECK(contains(pack_error(R"({"version": 1, "name": "x", )" + with_sr +
                              R"(, "defaults": {"super_resolution": {"back_projection": 2}}})"),
                   "defaults.super_resolution.back_projection: expected a number from 0 to 1, found number 2"));
    CHECK(contains(pack_error(R"({"version": 1, "name": "x", )" + models +
                              R"(, "defaults": {"super_resolution": {"back_projection": 1}}})"),
                   "no \"super_resolution\" model"));
    std::filesystem::remove(tmp.path / "cond_rgbd.pt");
    CHECK(contains(pack_error(R"({"version": 1, "name": "x", )" + models + "}"), "cond_rgbd.pt does not exist"));
    CHECK(contains(message_of([&] { load_model_pack(tmp.path / "nowhere"); }), "pack.json"));
}

TEST_CASE("model pairing: channels, image size, classes, frameworks") {
    const nn::ModelConfig u = fixture_config("uncond_rgbd.json"), c = fixture_config("cond_rgbd.json");
    CHECK_NOTHROW(check_model_pair(u, c));
    CHECK(contains(message_of([&] { check_model_pair(c, c); }), "4 and 4 (an unconditional RGBD model)"));
    CHECK(contains(message_of([&] { check_model_pair(u, u); }), "9 or 10 and 4"));
    const auto small = fixture_config("cond_rgbd.json", [](nlohmann::json& a) { a["image_size"] = 16; });
    CHECK(contains(message_of([&] { check_model_pair(u, small); }), "image_size: expected 32"));
    const auto more = fixture_config("cond_rgbd.json", [](nlohmann::json& a) { a["num_classes"] = 1000; });
    CHECK(contains(message_of([&] { check_model_pair(u, more); }), "expected 10 classes"));
    nn::ModelConfig wrong_framework = c;
    wrong_framework.framework.name = "ClassifierFreeGuidance";
    CHECK(contains(message_of([&] { check_model_pair(u, wrong_framework); }), "InpaintCFG"));
}

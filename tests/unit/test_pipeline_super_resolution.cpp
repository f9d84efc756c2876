// The super-resolution stage on IVID's SR fixture model (32 x 32 output, random weights): what an
// upsampled scene holds, independence from batching, consistent mode's known pixels, cancelling,
// bad requests, and the stage inside a generation job.
#include <atomic>

#include "core/diffusion/sampling_run.hpp"
#include "core/geometry/depth.hpp"
#include "core/nn/adm_config.hpp"
#include "core/nn/checkpoint_writer.hpp"
#include "core/pipeline/generation_job.hpp"
#include "core/pipeline/super_resolution.hpp"
#include "core/pipeline/view_conditioning.hpp"
#include "core/scene/scene_io.hpp"
#include "core/scene/synth_render.hpp"
#include "core/util/json_fields.hpp"
#include "tests/test_support.hpp"

#include <doctest/doctest.h>  // after the torch headers: glog defines its own CHECK

using namespace ivid;
using namespace ivid::pipeline;
using test::contains;
using test::message_of;

namespace fs = std::filesystem;

namespace {

const fs::path kSrModels = fs::path(IVID_FIXTURES_DIR) / "ivid-sr" / "models";
const fs::path kTorchModels = fs::path(IVID_FIXTURES_DIR) / "ivid-torch" / "models";

const LoadedModel& fixture_sr_model() {
    static const LoadedModel model = [] {
        const ModelFiles files{kSrModels / "sr_rgbd.json", kSrModels / "sr_rgbd.pt", {}};
        return load_model(files, nn::load_model_config(files.config), "super_resolution", c10::kCPU);
    }();
    return model;
}

// A ground-truth scene of `size` pixels on a ring of `views` poses.
Scene synth_scene(int size, int views) {
    synth::SynthSettings s;
    s.seed = 4;
    s.image_size = size;
    s.samples_per_pixel = 1;
    for (int i = 0; i < views; ++i) s.poses.push_back({0.3f * float(i - views / 2), 0.05f});
    s.viewset = "test ring";
    return synth::render_synthetic_scene(s);
}

UpscaleSettings few_steps(UpscaleMode mode, int batch) {
    UpscaleSettings s;
    s.sampler.steps = 3;
    s.mode = mode;
    s.batch_size = batch;
    return s;
}

int max_level_difference(const ImageU8& a, const ImageU8& b) {
    int d = 0;
    for (size_t i = 0; i < a.data.size(); ++i) d = std::max(d, std::abs(int(a.data[i]) - int(b.data[i])));
    return d;
}

}  // namespace

TEST_CASE("an upsampled scene: views at the model's size, the base views kept, the model in the provenance") {
    const Scene original = synth_scene(16, 3);
    Scene scene = original;
    upscale_scene(scene, fixture_sr_model(), few_steps(UpscaleMode::Independent, 4), 7);
    CHECK(scene.image_size == 32);
    CHECK(scene.base_image_size == 16);
    REQUIRE(scene.views.size() == 3);
    for (size_t k = 0; k < 3; ++k) {
        const View& v = scene.views[k];
        CHECK(v.color.width == 32);
        CHECK(v.depth.width == 32);
        REQUIRE(v.base.has_value());
        CHECK(v.base->color.data == original.views[k].color.data);
        CHECK(v.base->depth.data == original.views[k].depth.data);
        for (float d : v.depth.data) CHECK((d >= scene.near - 1e-4f && d <= scene.far + 1e-4f));
    }
    const Provenance& p = scene.provenance;
    REQUIRE(!p.models.empty());
    CHECK(p.models.back().role == "super_resolution");
    CHECK(p.models.back().sha256 == fixture_sr_model().identity.sha256);
    CHECK(p.sampler.at("super_resolution").at("steps") == 3);
    CHECK(p.extra.at("super_resolution").at("mode") == "independent");
    CHECK(p.extra.at("super_resolution").at("base_image_size") == 16);

    // Saved and loaded back whole (the scene folder keeps both resolutions).
    test::TempDir dir;
    save_scene(scene, dir.path / "up", false);
    const Scene loaded = load_scene(dir.path / "up");
    CHECK(loaded.base_image_size == 16);
    CHECK(loaded.views[2].base->color.data == original.views[2].color.data);

    // A second pass is refused: the scene is upsampled already.
    CHECK(contains(message_of([&] { upscale_scene(scene, fixture_sr_model(), few_steps(UpscaleMode::Independent, 4), 7); }),
                   "already upsampled from 16x16"));
}

TEST_CASE("a part-way start stays near the bicubic upsampling; the strength is in the provenance") {
    // The fixture model has random weights, so from pure noise its output is far from the input;
    // started at 5% of T from the bicubic upsampling, only a little noise is left to remove.
    const Scene original = synth_scene(16, 2);
    auto distance_to_base = [&](double strength) {
        Scene scene = original;
        UpscaleSettings settings = few_steps(UpscaleMode::Independent, 4);
        settings.sampler.start_strength = strength;
        upscale_scene(scene, fixture_sr_model(), settings, 7);
        const nlohmann::json& recorded = scene.provenance.sampler.at("super_resolution");
        CHECK(recorded.value("start_strength", 1.0) == strength);  // written only when part-way
        CHECK(recorded.contains("start_strength") == (strength < 1.0));
        // Mean colour difference to the base view repeated 2x2 (nearest), in 8-bit levels.
        double sum = 0.0;
        const View& v = scene.views[1];
        for (int r = 0; r < 32; ++r)
            for (int c = 0; c < 32; ++c)
                for (int ch = 0; ch < 3; ++ch) sum += std::abs(int(v.color.at(r, c, ch)) - int(v.base->color.at(r / 2, c / 2, ch)));
        return sum / (32 * 32 * 3);
    };
    const double near_start = distance_to_base(0.05), from_noise = distance_to_base(1.0);
    MESSAGE("mean level difference to the base view: strength 0.05 " << near_start << ", strength 1 " << from_noise);
    CHECK(near_start < 25.0);
    CHECK(near_start < from_noise / 2);
}

TEST_CASE("back-projection: the upsampled colour box-averages to the base view; the weight is in the provenance") {
    const Scene original = synth_scene(16, 2);
    // Mean distance, in 8-bit levels, between each 2x2 box average of the upsampled colour and the
    // base pixel it came from.
    auto box_distance = [&](float weight) {
        Scene scene = original;
        UpscaleSettings settings = few_steps(UpscaleMode::Independent, 4);
        settings.back_projection = weight;
        settings.sampler.start_strength = 0.05;  // near the bicubic start: little clamping (below)
        settings.sampler.clip_denoised = true;
        upscale_scene(scene, fixture_sr_model(), settings, 7);
        CHECK(scene.provenance.extra.at("super_resolution").at("back_projection") == doctest::Approx(weight));
        double sum = 0.0;
        const View& v = scene.views[1];
        for (int r = 0; r < 16; ++r)
            for (int c = 0; c < 16; ++c)
                for (int ch = 0; ch < 3; ++ch) {
                    double box = 0.0;
                    for (int k = 0; k < 4; ++k) box += v.color.at(2 * r + k / 2, 2 * c + k % 2, ch);
                    sum += std::abs(box / 4 - v.base->color.at(r, c, ch));
                }
        return sum / (16 * 16 * 3);
    };
    const double projected = box_distance(1.0f), free = box_distance(0.0f);
    MESSAGE("box-average distance to the base view: back-projection 1 " << projected << " levels, 0 " << free);
    // Projected, only the 8-bit truncation (< 1 level) and the clamp to [0, 1] of values the
    // projection pushed past the range remain; without it the fixture's random weights add noise
    // of their own.
    CHECK(projected < 2.0);
    CHECK(projected < free / 5);
    UpscaleSettings bad = few_steps(UpscaleMode::Independent, 4);
    bad.back_projection = 2.0f;
    Scene scene = original;
    CHECK(contains(message_of([&] { upscale_scene(scene, fixture_sr_model(), bad, 7); }), "back-projection weight"));
}

TEST_CASE("independent mode: a view's result does not depend on which views share its batch") {
    Scene one = synth_scene(16, 3), three = one;
    upscale_scene(one, fixture_sr_model(), few_steps(UpscaleMode::Independent, 1), 7);
    upscale_scene(three, fixture_sr_model(), few_steps(UpscaleMode::Independent, 3), 7);
    // Batched and single convolutions differ by float32 rounding only (about 1e-6 of the output,
    // tests/float_tolerance.hpp), far below one 8-bit level: at most a rounding flip of one level.
    // Noise drawn per batch position instead of per view would differ by many levels.
    for (size_t k = 0; k < 3; ++k) CHECK(max_level_difference(one.views[k].color, three.views[k].color) <= 1);
    Scene other_seed = synth_scene(16, 3);
    upscale_scene(other_seed, fixture_sr_model(), few_steps(UpscaleMode::Independent, 3), 8);
    CHECK(max_level_difference(other_seed.views[0].color, three.views[0].color) > 10);
}

TEST_CASE("consistent mode: each view keeps the upsampled views before it where they are visible") {
    Scene scene = synth_scene(16, 3);
    UpscaleSettings settings = few_steps(UpscaleMode::Consistent, 4);
    settings.consistency_weight = 1.0f;
    // The random-weight model's depth is noise: without these loose cuts every triangle would be
    // cut as a depth edge and nothing would be known.
    settings.aggregation.atol = settings.aggregation.rtol = 100.0f;
    settings.aggregation.erode_rgb = 1;
    upscale_scene(scene, fixture_sr_model(), settings, 7);
    CHECK(scene.provenance.extra.at("super_resolution").at("mode") == "consistent");

    // View 0 warped into view 1 as the stage does it. replace_depth applies on every step, the
    // final one too (IVID's step rules; replace_rgb skips it so the model can blend the seams), so
    // with weight 1 the view's depth is the warped depth wherever that is known.
    AggregateSettings agg = settings.aggregation;
    agg.fov_deg = scene.fov_deg;
    agg.near = scene.near;
    agg.far = scene.far;
    const View& v0 = scene.views[0];
    Image color0(32, 32, 3);
    for (size_t i = 0; i < color0.data.size(); ++i) color0.data[i] = float(v0.color.data[i]) / 255.0f;
    const RgbdMesh mesh0 = depth_to_mesh(v0.depth, view_mesh_options(agg), v0.modelview);
    const AggregateConditions known = aggregate_conditions({mesh0}, {color0}, scene.views[1].modelview, agg);
    const Image depth1 = zbuffer_from_linear(scene.views[1].depth, scene.near, scene.far);
    int known_pixels = 0;
    double max_error = 0.0;
    for (int r = 0; r < 32; ++r)
        for (int c = 0; c < 32; ++c) {
            if (known.mask.at(r, c) < 0.5f) continue;
            ++known_pixels;
            max_error = std::max(max_error, double(std::abs(depth1.at(r, c) - known.depth.at(r, c))));
        }
    CAPTURE(known_pixels);
    CHECK(known_pixels > 100);  // the ring's neighbours overlap
    // x0 = known exactly, then [-1, 1] -> [0, 1] and z-buffer -> linear -> z-buffer in float32:
    // a few float32 roundings of values below 1.
    CHECK(max_error < 1e-5);
}

TEST_CASE("a cancelled upscale throws and leaves the scene as it was") {
    Scene scene = synth_scene(16, 3);
    std::atomic<bool> cancel{true};
    CHECK_THROWS_AS(upscale_scene(scene, fixture_sr_model(), few_steps(UpscaleMode::Independent, 4), 7, {}, &cancel),
                    diffusion::SamplingCancelled);
    CHECK(scene.image_size == 16);
    CHECK(scene.base_image_size == 0);
    CHECK_FALSE(scene.views[0].base.has_value());
}

TEST_CASE("bad requests name what does not fit") {
    Scene twenty = synth_scene(20, 1);
    CHECK(contains(message_of([&] { upscale_scene(twenty, fixture_sr_model(), few_steps(UpscaleMode::Independent, 4), 7); }),
                   "backbone.args.image_size: expected an integer multiple of the scene's 20x20 views"));
    Scene scene = synth_scene(16, 1);
    CHECK(contains(message_of([&] { upscale_scene(scene, fixture_sr_model(), few_steps(UpscaleMode::Independent, 0), 7); }),
                   "batch size"));
    UpscaleSettings too_many = few_steps(UpscaleMode::Independent, 4);
    too_many.sampler.steps = 5000;
    CHECK(contains(message_of([&] { upscale_scene(scene, fixture_sr_model(), too_many, 7); }), "5000"));
    CHECK(contains(message_of([] { check_superres_model(nn::load_model_config(kTorchModels / "uncond_rgbd.json")); }),
                   "\"SuperResCFG\" (the super-resolution model)"));
    CHECK(contains(message_of([] { parse_upscale_mode("sharp", "--sr-mode"); }), "\"sharp\""));
}

TEST_CASE("a generation job with a super-resolution model writes upsampled scenes") {
    test::TempDir dir;
    // An SR model for the 32 x 32 fixture pair: the fixture SR network at 64 x 64, random weights.
    nlohmann::json config = parse_json_file(kSrModels / "sr_rgbd.json");
    config["backbone"]["args"]["image_size"] = 64;
    config["backbone"]["args"]["num_classes"] = nullptr;
    config["backbone"]["args"]["has_null_class"] = false;
    write_text_atomically(dir.path / "sr.json", config.dump());
    nn::AdmUnet net(nn::parse_model_config(config, "sr.json").backbone);
    net.initialize_for_training(5);
    nn::write_checkpoint(net.state_dict(), dir.path / "sr.pt");

    GenerationRequest r;
    r.models = {"fixture", {kTorchModels / "uncond_rgbd.json", kTorchModels / "uncond_rgbd.pt", {}},
                {kTorchModels / "cond_rgbd.json", kTorchModels / "cond_rgbd.pt", {}},
                ModelFiles{dir.path / "sr.json", dir.path / "sr.pt", {}}};
    r.viewset = parse_viewset("ring:3");
    r.unconditional.sampler = r.conditional.sampler = diffusion::SamplerKind::Ddim;
    r.unconditional.steps = 2;
    r.conditional.steps = 2;
    r.super_resolution.sampler.steps = 2;
    r.out = dir.path / "scene";
    GenerationJob job(r);
    std::vector<GenerationEvent> events;
    while (events.empty() || !events.back().terminal())
        for (GenerationEvent& e : job.wait(std::chrono::milliseconds(100))) events.push_back(std::move(e));
    job.join();
    REQUIRE_MESSAGE(events.back().kind == GenerationEventKind::Done, events.back().message);
    int sr_steps = 0;
    for (const auto& e : events) sr_steps += e.kind == GenerationEventKind::Step && e.super_resolution;
    CHECK(sr_steps == 2);  // 3 views in one batch of 4, 2 steps
    const Scene scene = load_scene(dir.path / "scene");
    CHECK(scene.image_size == 64);
    CHECK(scene.base_image_size == 32);
    CHECK(scene.views[1].condition->color.width == 32);  // conditions stay at the base size
    CHECK(scene.provenance.models.size() == 3);
}

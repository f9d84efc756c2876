// Scene folders: exact round trip, and every kind of bad input named by file and key.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <functional>
#include <limits>

#include <glm/gtc/matrix_transform.hpp>

#include "core/image/image_io.hpp"
#include "core/scene/scene_io.hpp"
#include "core/util/json_fields.hpp"
#include "tests/test_support.hpp"

using namespace ivid;
using namespace ivid::test;
namespace fs = std::filesystem;
using nlohmann::json;

namespace {

constexpr int kSize = 8;
constexpr int kBase = 4;  // base_image_size of the upsampled scene

// Condition buffers of the given size: half the pixels valid, depth not a short decimal.
ViewCondition make_condition(int size) {
    ViewCondition c;
    c.color = ImageU8(size, size, 3, 90);
    c.depth = Image(size, size, 1, 0.0f);
    c.mask = ImageU8(size, size, 1, 0);
    c.mask_rgb = ImageU8(size, size, 1, 0);
    for (int i = 0; i < size * size / 2; ++i) {
        c.depth.data[i] = 1.0f / 3.0f + float(i);
        c.mask.data[i] = 255;
        c.mask_rgb.data[i] = i % 3 ? 255 : 0;
    }
    return c;
}

// A small scene with awkward values: depths that are not short decimals, a view with a condition.
Scene make_scene() {
    Scene s;
    s.image_size = kSize;
    s.fov_deg = 45.0f;
    s.near = 0.6f;
    s.far = 5.0f;
    s.provenance.generator = "test";
    s.provenance.ground_truth = true;
    s.provenance.date = "2026-01-02T03:04:05Z";
    s.provenance.seed = 18446744073709551557ull;  // needs all 64 bits
    s.provenance.class_label = 207;
    s.provenance.models = {{"unconditional", "uncond.pt", std::string(64, 'a')},
                           {"conditional", "cond.pt", std::string(64, 'b')}};
    s.provenance.sampler = {{"steps", 50}, {"eta", 0.1}};
    s.provenance.extra = {{"note", "round trip"}, {"list", {1, 2, 3}}};
    for (int v = 0; v < 2; ++v) {
        View view;
        view.yaw = 0.15f * float(v) + 1e-7f;
        view.pitch = -0.15f / 3.0f;
        glm::vec3 eye(std::sin(view.yaw) * std::cos(view.pitch), std::sin(view.pitch),
                      std::cos(view.yaw) * std::cos(view.pitch));
        view.modelview = glm::lookAt(eye, glm::vec3(0.0f), glm::vec3(0, 1, 0));
        view.color = ImageU8(kSize, kSize, 3);
        for (size_t i = 0; i < view.color.data.size(); ++i) view.color.data[i] = uint8_t(i * 37 + v);
        view.depth = Image(kSize, kSize, 1);
        for (size_t i = 0; i < view.depth.data.size(); ++i) view.depth.data[i] = 0.6f + float(i) / 7.0f + 1e-6f * v;
        if (v == 1) view.condition = make_condition(kSize);
        s.views.push_back(view);
    }
    return s;
}

// make_scene upsampled from kBase: base images in every view, the condition at the base size.
Scene make_upsampled_scene() {
    Scene s = make_scene();
    s.base_image_size = kBase;
    for (size_t v = 0; v < s.views.size(); ++v) {
        BaseView b{ImageU8(kBase, kBase, 3), Image(kBase, kBase, 1)};
        for (size_t i = 0; i < b.color.data.size(); ++i) b.color.data[i] = uint8_t(i * 53 + v);
        for (size_t i = 0; i < b.depth.data.size(); ++i) b.depth.data[i] = 0.7f + float(i) / 9.0f + 3e-7f * float(v);
        s.views[v].base = b;
        if (s.views[v].condition) s.views[v].condition = make_condition(kBase);
    }
    return s;
}

json read_json(const fs::path& dir) { return parse_json_file(dir / "scene.json"); }
void write_json(const fs::path& dir, const json& j) { write_bytes(dir / "scene.json", j.dump(2)); }

// Saves a good scene into tmp/name and returns the folder.
fs::path saved(const TempDir& tmp, const std::string& name = "scene") {
    fs::path dir = tmp.path / name;
    save_scene(make_scene(), dir, false);
    return dir;
}

std::string load_error(const fs::path& dir) {
    return message_of([&] { load_scene(dir); });
}

// The load error after applying edit to a copy of the good scene.json.
std::string edited_error(const fs::path& dir, const json& good, const std::function<void(json&)>& edit) {
    json j = good;
    edit(j);
    write_json(dir, j);
    return load_error(dir);
}

bool same_bits(const Image& a, const Image& b) {
    return a.width == b.width && a.height == b.height && a.channels == b.channels &&
           std::memcmp(a.data.data(), b.data.data(), a.data.size() * sizeof(float)) == 0;
}

// Saves `a` into tmp/scene, loads it back and checks that the header and every view's buffers
// (condition, base) came back exactly; returns the loaded scene.
Scene round_trip(const Scene& a, const TempDir& tmp) {
    const fs::path dir = tmp.path / "scene";
    save_scene(a, dir, false);
    Scene b = load_scene(dir);
    CHECK(b.image_size == a.image_size);
    CHECK(b.base_image_size == a.base_image_size);
    CHECK(b.fov_deg == a.fov_deg);
    CHECK(b.near == a.near);
    CHECK(b.far == a.far);
    REQUIRE(b.views.size() == a.views.size());
    for (size_t v = 0; v < a.views.size(); ++v) {
        const View &x = a.views[v], &y = b.views[v];
        CHECK(y.yaw == x.yaw);
        CHECK(y.pitch == x.pitch);
        CHECK(std::memcmp(&x.modelview, &y.modelview, sizeof(glm::mat4)) == 0);
        CHECK(y.color.data == x.color.data);
        CHECK(same_bits(y.depth, x.depth));
        REQUIRE(y.condition.has_value() == x.condition.has_value());
        if (x.condition) {
            CHECK(y.condition->color.data == x.condition->color.data);
            CHECK(same_bits(y.condition->depth, x.condition->depth));
            CHECK(y.condition->mask.data == x.condition->mask.data);
            CHECK(y.condition->mask_rgb.data == x.condition->mask_rgb.data);
        }
        REQUIRE(y.base.has_value() == x.base.has_value());
        if (x.base) {
            CHECK(y.base->color.width == x.base->color.width);
            CHECK(y.base->color.data == x.base->color.data);
            CHECK(same_bits(y.base->depth, x.base->depth));
        }
    }
    return b;
}

// Damages a colour PNG and a depth EXR of the scene in dir in every way a file can be bad
// (missing, not an image, truncated, wrong size or channels) and checks that each load error
// names the file and, for sizes, expects size x size plus `note`; restores both files.
void check_image_file_faults(const fs::path& dir, const std::string& colour_name, const std::string& depth_name,
                             int size, const std::string& note) {
    const fs::path colour = dir / "views" / colour_name, depth = dir / "views" / depth_name;
    const std::string colour_bytes = read_text_file(colour), depth_bytes = read_text_file(depth);
    const std::string expected_size =
        ": image size: expected " + std::to_string(size) + "x" + std::to_string(size) + note;

    fs::remove(colour);
    CHECK(contains(load_error(dir), colour_name + ": file not found"));
    write_bytes(colour, "this is not a PNG");
    CHECK(contains(load_error(dir), colour_name + ": cannot decode"));
    write_bytes(colour, colour_bytes.substr(0, colour_bytes.size() / 2));
    CHECK(contains(load_error(dir), colour_name + ": cannot decode"));
    write_png(colour, ImageU8(size, size - 1, 3));
    CHECK(contains(load_error(dir), colour_name + expected_size + ", found " + std::to_string(size) + "x" +
                                        std::to_string(size - 1)));
    write_png(colour, ImageU8(size, size, 1));
    CHECK(contains(load_error(dir), colour_name + ": channels: expected 3, found 1"));
    write_png(colour, ImageU8(size, size, 4));
    CHECK(contains(load_error(dir), colour_name + ": channels: expected 3, found 4"));
    write_bytes(colour, colour_bytes);

    write_bytes(depth, depth_bytes.substr(0, depth_bytes.size() / 2));
    CHECK(contains(load_error(dir), depth_name));
    write_exr(depth, Image(size + 1, size, 1, 1.0f));
    CHECK(contains(load_error(dir), depth_name + expected_size + ", found " + std::to_string(size + 1) + "x" +
                                        std::to_string(size)));
    write_exr(depth, Image(size, size, 1, 0.0f));
    CHECK(contains(load_error(dir), depth_name + ": depth: expected finite values > 0"));
    write_bytes(depth, depth_bytes);
    CHECK(load_error(dir).empty());
}

}  // namespace

TEST_CASE("scene round trip is exact: depth bits, colour, matrices, provenance, conditions") {
    TempDir tmp;
    Scene a = make_scene();
    Scene b = round_trip(a, tmp);
    fs::path dir = tmp.path / "scene";
    CHECK(fs::exists(dir / "scene.json"));
    CHECK(fs::exists(dir / "views/000_color.png"));
    CHECK(fs::exists(dir / "views/001_condition_mask_rgb.png"));
    const Provenance &p = a.provenance, &q = b.provenance;
    CHECK(q.generator == p.generator);
    CHECK(q.ground_truth == p.ground_truth);
    CHECK(q.date == p.date);
    CHECK(q.seed == p.seed);
    CHECK(q.class_label == p.class_label);
    REQUIRE(q.models.size() == 2);
    CHECK(q.models[1].role == "conditional");
    CHECK(q.models[1].sha256 == p.models[1].sha256);
    CHECK(q.sampler == p.sampler);
    CHECK(q.extra == p.extra);

    // The matrix is stored in mathematical layout: row 2, column 3 is the z translation (-1).
    json j = read_json(dir);
    CHECK(j["views"][0]["modelview"][2][3].get<double>() == doctest::Approx(-1.0).epsilon(1e-6));
    CHECK(j["depth_encoding"] == "linear");
}

TEST_CASE("upsampled scene round trip is exact: base images, base depth bits, base-size conditions") {
    TempDir tmp;
    Scene b = round_trip(make_upsampled_scene(), tmp);
    CHECK(b.base_image_size == kBase);
    CHECK(b.views[1].base->depth.width == kBase);
    CHECK(b.views[1].condition->color.width == kBase);
    fs::path dir = tmp.path / "scene";
    CHECK(fs::exists(dir / "views/000_base_color.png"));
    CHECK(fs::exists(dir / "views/001_base_depth.exr"));
    json j = read_json(dir);
    CHECK(j["version"] == 1);
    CHECK(j["base_image_size"] == kBase);
    CHECK(j["views"][1]["base"] == json{{"color", "views/001_base_color.png"}, {"depth", "views/001_base_depth.exr"}});
}

TEST_CASE("scenes without base views: no base keys written, loaded with base_image_size 0") {
    TempDir tmp;
    fs::path dir = saved(tmp);
    json j = read_json(dir);
    CHECK_FALSE(j.contains("base_image_size"));
    CHECK_FALSE(j["views"][0].contains("base"));
    CHECK_FALSE(fs::exists(dir / "views/000_base_color.png"));
    // A scene.json as written before base views existed (the same keys) loads unchanged.
    Scene s = load_scene(dir);
    CHECK(s.base_image_size == 0);
    for (const View& v : s.views) CHECK_FALSE(v.base.has_value());
}

TEST_CASE("upsampled scenes: bad base_image_size, base keys and base images are named") {
    TempDir tmp;
    fs::path dir = tmp.path / "up";
    save_scene(make_upsampled_scene(), dir, false);
    const json good = read_json(dir);

    // base_image_size: a positive integer smaller than image_size.
    for (int bad : {kSize, kSize + 1, 0, -4})
        CHECK(contains(edited_error(dir, good, [&](json& j) { j["base_image_size"] = bad; }),
                       "scene.json: base_image_size: expected a positive integer smaller than image_size 8, found " +
                           std::to_string(bad)));
    CHECK(contains(edited_error(dir, good, [](json& j) { j["base_image_size"] = 4.5; }),
                   "scene.json: base_image_size: expected an integer, found number 4.5"));
    CHECK(contains(edited_error(dir, good, [](json& j) { j["base_image_size"] = "4"; }),
                   "scene.json: base_image_size: expected an integer, found string \"4\""));

    // Every view has "base" or none does, as base_image_size says.
    CHECK(contains(edited_error(dir, good, [](json& j) { j["views"][1].erase("base"); }),
                   "scene.json: views[1].base: expected base images (base_image_size is 4: every view of an "
                   "upsampled scene has them), found no \"base\""));
    CHECK(contains(edited_error(dir, good, [](json& j) { j.erase("base_image_size"); }),
                   "scene.json: views[0].base: expected no base images (the scene has no base_image_size: it is "
                   "not upsampled), found \"base\""));
    CHECK(contains(edited_error(dir, good, [](json& j) { j["views"][0]["base"].erase("depth"); }),
                   "views[0].base.depth: expected a value, found the key is missing"));
    CHECK(contains(edited_error(dir, good, [](json& j) { j["views"][1]["base"]["color"] = "views/001_color.png"; }),
                   "views[1].base.color: expected a file name used once"));
    CHECK(contains(edited_error(dir, good, [](json& j) { j["views"][0]["base"]["depth"] = "../x.exr"; }),
                   "views[0].base.depth: expected a file name inside the scene folder"));
    write_json(dir, good);
    CHECK(load_error(dir).empty());

    // Base images: decoded, base_image_size square, positive depth.
    check_image_file_faults(dir, "000_base_color.png", "001_base_depth.exr", kBase, " (base_image_size)");

    // An upsampled scene's condition buffers are at the base size, not at image_size.
    const fs::path cond = dir / "views/001_condition_color.png";
    const std::string cond_bytes = read_text_file(cond);
    write_png(cond, ImageU8(kSize, kSize, 3));
    CHECK(contains(load_error(dir), "001_condition_color.png: image size: expected 4x4 (base_image_size: an "
                                    "upsampled scene's condition buffers are at the base size), found 8x8"));
    write_bytes(cond, cond_bytes);
    write_png(dir / "views/001_condition_mask.png", ImageU8(kSize, kSize, 1));
    CHECK(contains(load_error(dir), "001_condition_mask.png: image size: expected 4x4 (base_image_size"));
}

TEST_CASE("saving an upsampled scene checks the same invariants before writing anything") {
    TempDir tmp;
    auto save_error = [&](const Scene& s) {
        std::string msg = message_of([&] { save_scene(s, tmp.path / "new", false); });
        CHECK_FALSE(fs::exists(tmp.path / "new"));
        CHECK(entries_in(tmp.path) == 0);
        return msg;
    };
    Scene bad = make_upsampled_scene();
    bad.base_image_size = kSize;
    CHECK(contains(save_error(bad), "scene.json: base_image_size: expected a positive integer smaller than "
                                    "image_size 8, found 8"));
    bad.base_image_size = -1;
    CHECK(contains(save_error(bad), "base_image_size: expected a positive integer smaller than image_size 8, "
                                    "found -1"));

    bad = make_upsampled_scene();
    bad.views[1].base.reset();
    CHECK(contains(save_error(bad), "scene.json: views[1].base: expected base images (base_image_size is 4"));
    bad = make_upsampled_scene();
    bad.base_image_size = 0;
    CHECK(contains(save_error(bad), "scene.json: views[0].base: expected no base images"));
    bad = make_scene();
    bad.views[1].base = make_upsampled_scene().views[1].base;
    CHECK(contains(save_error(bad), "scene.json: views[1].base: expected no base images"));

    bad = make_upsampled_scene();
    bad.views[1].base->depth = Image(kSize, kSize, 1, 1.0f);
    CHECK(contains(save_error(bad), "views/001_base_depth.exr: image size: expected 4x4 (base_image_size), found 8x8"));
    bad = make_upsampled_scene();
    bad.views[0].base->depth.at(1, 1) = -2.0f;
    CHECK(contains(save_error(bad), "views/000_base_depth.exr: depth: expected finite values > 0"));
    bad = make_upsampled_scene();
    bad.views[1].condition = make_condition(kSize);
    CHECK(contains(save_error(bad), "views/001_condition_color.png: image size: expected 4x4 (base_image_size: an "
                                    "upsampled scene's condition buffers are at the base size), found 8x8"));
    // Without base views, conditions stay at image_size.
    bad = make_scene();
    bad.views[1].condition = make_condition(kBase);
    CHECK(contains(save_error(bad), "views/001_condition_color.png: image size: expected 8x8, found 4x4"));
}

TEST_CASE("scene.json problems are named: missing, malformed, format, version, keys, types") {
    TempDir tmp;
    fs::path dir = saved(tmp);
    const json good = read_json(dir);

    fs::remove(dir / "scene.json");
    CHECK(contains(load_error(dir), "scene.json: file not found"));
    CHECK(contains(load_error(tmp.path / "nowhere"), "nowhere: scene folder not found"));

    write_bytes(dir / "scene.json", "{\"format\": \"ivid-scene\", ");
    CHECK(contains(load_error(dir), "scene.json: malformed JSON"));

    CHECK(contains(edited_error(dir, good, [](json& j) { j["format"] = "other"; }),
                   "scene.json: format: expected \"ivid-scene\", found \"other\""));

    // The view limit (kMaxSceneViews) is checked before any view file is read, and on saving.
    CHECK(contains(edited_error(dir, good, [](json& j) { j["views"] = json::array(); for (int i = 0; i < 256; ++i) j["views"].push_back(json::object()); }),
                   "scene.json: views: expected at most 255 views, found 256 views"));
    Scene too_many = make_scene();
    too_many.views.resize(256, too_many.views[0]);
    CHECK(contains(message_of([&] { save_scene(too_many, tmp.path / "too-many", false); }), "at most 255 views"));
    CHECK_FALSE(fs::exists(tmp.path / "too-many"));

    std::string msg = edited_error(dir, good, [](json& j) { j["version"] = 2; });
    CHECK(contains(msg, "scene.json: version: expected 1"));
    CHECK(contains(msg, "reads scene format version 1"));
    CHECK(contains(msg, "found 2"));

    CHECK(contains(edited_error(dir, good, [](json& j) { j.erase("fov"); }),
                   "scene.json: fov: expected a value, found the key is missing"));

    CHECK(contains(edited_error(dir, good, [](json& j) { j["views"][1].erase("depth"); }),
                   "views[1].depth: expected a value"));

    CHECK(contains(edited_error(dir, good, [](json& j) { j["provenance"].erase("seed"); }),
                   "provenance.seed"));

    CHECK(contains(edited_error(dir, good, [](json& j) { j["image_size"] = "8"; }),
                   "image_size: expected an integer, found string \"8\""));

    CHECK(contains(edited_error(dir, good, [](json& j) { j["provenance"]["ground_truth"] = 1; }),
                   "provenance.ground_truth: expected true or false"));

    CHECK(contains(edited_error(dir, good, [](json& j) { j["views"][0]["yaw"] = nullptr; }),
                   "views[0].yaw: expected a number, found null"));

    CHECK(contains(edited_error(dir, good, [](json& j) { j["views"][1]["index"] = 0; }),
                   "views[1].index: expected 1"));

    CHECK(contains(edited_error(dir, good, [](json& j) { j["views"] = json::array(); }),
                   "views: expected at least one view"));

    CHECK(contains(edited_error(dir, good, [](json& j) { j["far"] = 0.5; }),
                   "far: expected a number greater than near"));

    CHECK(contains(edited_error(dir, good, [](json& j) { j["depth_encoding"] = "z_buffer"; }),
                   "depth_encoding: expected \"linear\""));
}

TEST_CASE("non-finite numbers and bad matrices are rejected with their key") {
    TempDir tmp;
    fs::path dir = saved(tmp);
    const json good = read_json(dir);

    // JSON has no NaN/Inf literal; an overflowing literal is the closest a file gets.
    std::string text = good.dump(2);
    std::string fov_text = "\"fov\": " + good["fov"].dump();
    REQUIRE(contains(text, fov_text));
    write_bytes(dir / "scene.json", text.replace(text.find(fov_text), fov_text.size(), "\"fov\": 1e999"));
    std::string msg = load_error(dir);
    CHECK(contains(msg, "scene.json: malformed JSON"));
    CHECK(contains(msg, "1e999"));

    // A finite double that is infinite as float32.
    CHECK(contains(edited_error(dir, good, [](json& j) { j["views"][0]["pitch"] = 1e300; }),
                   "views[0].pitch: expected a number within float32 range"));

    CHECK(contains(edited_error(dir, good, [](json& j) { j["views"][0]["modelview"].erase(3); }),
                   "views[0].modelview: expected an array of 4 items, found an array of 3"));

    CHECK(contains(edited_error(dir, good, [](json& j) { j["views"][1]["modelview"][2].erase(0); }),
                   "views[1].modelview[2]: expected an array of 4 items"));

    CHECK(contains(edited_error(dir, good, [](json& j) {
                       for (int c = 0; c < 3; ++c) j["views"][0]["modelview"][0][c] = j["views"][0]["modelview"][0][c].get<double>() * 2;
                   }),
                   "views[0].modelview: expected a rigid transform"));

    CHECK(contains(edited_error(dir, good, [](json& j) { j["views"][0]["modelview"][3][0] = 0.5; }),
                   "views[0].modelview: expected a rigid transform (last row 0 0 0 1)"));

    // A mirror is orthonormal but not a rotation.
    CHECK(contains(edited_error(dir, good, [](json& j) {
                       for (int c = 0; c < 4; ++c) j["views"][0]["modelview"][0][c] = -j["views"][0]["modelview"][0][c].get<double>();
                   }),
                   "determinant"));
}

TEST_CASE("image files: missing, undecodable, truncated, wrong size or channels") {
    TempDir tmp;
    fs::path dir = saved(tmp);
    check_image_file_faults(dir, "001_color.png", "000_depth.exr", kSize, "");
    fs::path colour = dir / "views/001_color.png";

    write_png(dir / "views/001_condition_mask.png", ImageU8(kSize, kSize, 3));
    CHECK(contains(load_error(dir), "001_condition_mask.png: channels: expected 1, found 3"));

    write_png(dir / "views/001_condition_mask.png", ImageU8(kSize, kSize, 1, 128));
    CHECK(contains(load_error(dir), "001_condition_mask.png: mask: expected only 0 or 255, found 128"));

    write_png(colour, ImageU8(kSize, kSize, 3));
    fs::remove(dir / "views/001_condition_mask.png");
    CHECK(contains(load_error(dir), "001_condition_mask.png: file not found"));
    CHECK(load_error(saved(tmp, "fresh")).empty());
}

TEST_CASE("depth must be finite and positive: the count and the first bad pixel are named") {
    TempDir tmp;
    fs::path dir = saved(tmp);
    Image d = read_exr(dir / "views/001_depth.exr");
    d.at(1, 2) = std::numeric_limits<float>::quiet_NaN();
    d.at(5, 0) = std::numeric_limits<float>::infinity();
    write_exr(dir / "views/001_depth.exr", d);
    std::string msg = load_error(dir);
    CHECK(contains(msg, "001_depth.exr: depth: expected finite values > 0"));
    CHECK(contains(msg, "2 bad pixel(s), the first at row 1, column 2"));

    d = read_exr(dir / "views/000_depth.exr");
    d.at(7, 7) = 0.0f;
    write_exr(dir / "views/000_depth.exr", d);
    CHECK(contains(load_error(dir), "000_depth.exr: depth: expected finite values > 0, found 1 bad pixel(s), "
                                    "the first at row 7, column 7 (value 0)"));

    // Condition depth may be 0, but only where its mask says "no depth".
    fs::path dir2 = saved(tmp, "cond");
    Image c = read_exr(dir2 / "views/001_condition_depth.exr");
    c.at(7, 7) = 2.0f;
    write_exr(dir2 / "views/001_condition_depth.exr", c);
    CHECK(contains(load_error(dir2), "001_condition_depth.exr: depth: expected > 0 exactly where the depth mask is 255"));
    c.at(7, 7) = -1.0f;
    write_exr(dir2 / "views/001_condition_depth.exr", c);
    CHECK(contains(load_error(dir2), "001_condition_depth.exr: depth: expected finite values >= 0"));
}

TEST_CASE("file names must be unique and stay inside the scene folder") {
    TempDir tmp;
    fs::path dir = saved(tmp);
    const json good = read_json(dir);

    CHECK(contains(edited_error(dir, good, [](json& j) { j["views"][1]["color"] = "views/./000_color.png"; }),
                   "views[1].color: expected a file name used once"));

    CHECK(contains(edited_error(dir, good,
                                [](json& j) { j["views"][1]["condition"]["mask_rgb"] = j["views"][1]["condition"]["mask"]; }),
                   "views[1].condition.mask_rgb: expected a file name used once"));

    fs::copy_file(dir / "views/000_color.png", tmp.path / "outside.png");
    for (const std::string& bad : std::vector<std::string>{"../outside.png", "views/../../outside.png",
                                                           (tmp.path / "outside.png").string(), ""}) {
        CHECK(contains(edited_error(dir, good, [&](json& j) { j["views"][0]["color"] = bad; }),
                       "views[0].color: expected a file name inside the scene folder"));
    }
}

TEST_CASE("saving: refuses to overwrite, fails without leaving partial folders, keeps the old scene") {
    TempDir tmp;
    fs::path dir = saved(tmp);
    CHECK(contains(message_of([&] { save_scene(make_scene(), dir, false); }), "already exists"));

    // Everything is checked before anything is written: a bad view 1 leaves no folder behind.
    Scene bad = make_scene();
    bad.provenance.generator = "replacement";
    bad.views[1].depth.at(3, 4) = -1.0f;
    std::string msg = message_of([&] { save_scene(bad, dir, true); });
    CHECK(contains(msg, (dir / "views/001_depth.exr").string() + ": depth"));
    CHECK(contains(msg, "row 3, column 4"));
    CHECK(entries_in(tmp.path) == 1);
    CHECK(load_scene(dir).provenance.generator == "test");

    CHECK(contains(message_of([&] { save_scene(bad, tmp.path / "new", false); }), "001_depth.exr"));
    CHECK_FALSE(fs::exists(tmp.path / "new"));
    CHECK(entries_in(tmp.path) == 1);

    bad = make_scene();
    bad.views[0].modelview[0][0] = 3.0f;
    CHECK(contains(message_of([&] { save_scene(bad, tmp.path / "new", false); }), "views[0].modelview: expected a rigid"));
    bad = make_scene();
    bad.views[1].condition->mask.at(0, 0) = 7;
    CHECK(contains(message_of([&] { save_scene(bad, tmp.path / "new", false); }), "001_condition_mask.png: mask"));
    bad = make_scene();
    bad.views[0].color = ImageU8(kSize, kSize, 1);
    CHECK(contains(message_of([&] { save_scene(bad, tmp.path / "new", false); }), "000_color.png: channels"));
    bad = make_scene();
    bad.views.clear();
    CHECK(contains(message_of([&] { save_scene(bad, tmp.path / "new", false); }), "views: expected at least one view"));
    CHECK(entries_in(tmp.path) == 1);

    Scene replacement = make_scene();
    replacement.provenance.generator = "replacement";
    save_scene(replacement, dir, true);
    CHECK(load_scene(dir).provenance.generator == "replacement");
    CHECK(entries_in(tmp.path) == 1);
}

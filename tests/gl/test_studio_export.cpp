// The studio's export features without a window on screen, driving the panels' logic: the Export
// panel's scene export (the same bytes as core's exporter, the trajectory as an animated camera,
// refusals of an existing output and an unwritable folder, a path of the wrong kind), the keyframe
// editor's ivid-keyframes and nerfstudio camera_path.json files (round trips, malformed and rolled
// paths named), the Inspector's "save buffers" (EXR Z exactly the view's depth, PNG millimetres,
// refusals), and the scene export settings in the settings file.
#include <doctest/doctest.h>

#include <cmath>

#include "core/export/scene_gltf.hpp"
#include "core/image/exr_depth.hpp"
#include "core/image/image_io.hpp"
#include "core/scene/scene_io.hpp"
#include "core/scene/scene_meshing.hpp"
#include "gui/panels/inspector_save.hpp"
#include "gui/panels/keyframe_files.hpp"
#include "gui/panels/scene_export_section.hpp"
#include "gui/state/studio_state.hpp"
#include "render/platform/glfw_window.hpp"
#include "tests/gl/synthetic_scene.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using ivid::test::contains;
using ivid::test::message_of;

namespace {

ivid::GlfwWindow& context() {
    static ivid::GlfwWindow window(ivid::WindowOptions{64, 64, "ivid studio export tests", false});
    return window;
}

struct Fixture {
    ivid::test::TempDir dir;
    ivid::StudioState state{(context(), ivid::StudioSettings{})};
    Fixture() {
        ivid::save_scene(ivid::test::make_synthetic_scene(64), dir.path / "scene", false);
        REQUIRE(state.open_scene(dir.path / "scene"));
    }
    const std::string& last_message() const { return state.messages.back().text; }
};

ivid::KeyframePath two_keys() {
    ivid::KeyframePath path;
    path.keys = {{0.0f, ivid::OrbitPose{-0.3f, 0.0f, 1.0f, glm::vec3(0.0f)}},
                 {2.0f, ivid::OrbitPose{0.3f, 0.1f, 0.9f, glm::vec3(0.0f)}}};
    return path;
}

}  // namespace

TEST_CASE("scene export from the Export panel writes what `ivid export` writes, with the trajectory camera") {
    Fixture f;
    ivid::SceneExportSettings& s = f.state.settings.scene_export;
    s.out = f.dir.path / "scene.glb";
    s.include_trajectory = true;
    f.state.settings.export_settings.trajectory.frames = 12;
    REQUIRE(ivid::export_open_scene(f.state));
    CHECK(f.state.errors_reported == 0);
    CHECK(contains(f.last_message(), "animation_keys 12"));
    // The bytes core's exporter gives for the same settings: one code path for CLI and studio.
    ivid::GltfExportSettings gltf;
    gltf.meshing = ivid::meshing_from_provenance(f.state.scene->scene);
    gltf.trajectory = f.state.export_poses();
    gltf.fps = float(f.state.settings.export_settings.fps);
    CHECK(ivid::read_text_file(s.out) == ivid::scene_glb(f.state.scene->scene, gltf));

    s.format = ivid::SceneExportFormat::Splat;
    s.out = f.dir.path / "splats.ply";
    s.dedup = true;
    REQUIRE(ivid::export_open_scene(f.state));
    CHECK(contains(f.last_message(), "splats "));
    s.format = ivid::SceneExportFormat::Nerfstudio;
    s.out = f.dir.path / "ns";
    REQUIRE(ivid::export_open_scene(f.state));
    CHECK(fs::exists(s.out / "transforms.json"));
    s.format = ivid::SceneExportFormat::Depth;
    s.out = f.dir.path / "depth";
    REQUIRE(ivid::export_open_scene(f.state));
    CHECK(ivid::test::entries_in(s.out) == 2 * f.state.scene->scene.views.size());
    CHECK(f.state.errors_reported == 0);
}

TEST_CASE("scene export refuses an existing output without overwrite, unwritable folders and wrong names") {
    Fixture f;
    ivid::SceneExportSettings& s = f.state.settings.scene_export;
    s.format = ivid::SceneExportFormat::Points;
    s.out = f.dir.path / "points.ply";
    ivid::test::write_bytes(s.out, "old");
    CHECK_FALSE(ivid::export_open_scene(f.state));
    CHECK(contains(f.last_message(), "points.ply: already exists"));
    CHECK(ivid::read_text_file(s.out) == "old");
    s.overwrite = true;
    CHECK(ivid::export_open_scene(f.state));
    CHECK(ivid::read_text_file(s.out) != "old");

    s.out = "/proc/ivid-points.ply";
    CHECK_FALSE(ivid::export_open_scene(f.state));
    CHECK(contains(f.last_message(), "/proc/ivid-points.ply: cannot write into folder /proc"));
    s.out = f.dir.path / "points.glb";
    CHECK_FALSE(ivid::export_open_scene(f.state));
    CHECK(contains(f.last_message(), "output path: expected FILE.ply, found '" + s.out.string() + "'"));
    s.format = ivid::SceneExportFormat::Nerfstudio;
    s.out = f.dir.path / "ns.json";
    CHECK_FALSE(ivid::export_open_scene(f.state));
    CHECK(contains(f.last_message(), "expected a folder name without extension"));
    CHECK(f.state.errors_reported == 4);
    CHECK(ivid::test::entries_in(f.dir.path) == 2);  // the scene and points.ply: nothing partial

    f.state.scene.reset();
    CHECK_FALSE(ivid::export_open_scene(f.state));
    CHECK(contains(f.last_message(), "scene: expected an open scene"));
}

TEST_CASE("the keyframe editor saves and loads ivid-keyframes and nerfstudio camera paths") {
    ivid::test::TempDir tmp;
    const ivid::KeyframePath path = two_keys();
    const ivid::CameraPathFormat camera{45.0, 640, 480, 24.0};
    const fs::path ns = tmp.path / "camera_path.json", own = tmp.path / "keys.json";
    ivid::save_keyframe_file(path, ns, ivid::KeyframeFileFormat::Nerfstudio, camera);
    ivid::save_keyframe_file(path, own, ivid::KeyframeFileFormat::Ivid, camera);
    const nlohmann::json doc = ivid::parse_json_file(ns);
    CHECK(doc["render_width"] == 640);
    CHECK(doc["camera_path"].size() == 49);  // 2 s at 24 fps, plus one
    for (const fs::path& file : {ns, own}) {
        CAPTURE(file);
        const ivid::LoadedKeyframes loaded = ivid::load_keyframe_file(file);
        CHECK(loaded.format == (file == ns ? ivid::KeyframeFileFormat::Nerfstudio : ivid::KeyframeFileFormat::Ivid));
        REQUIRE(loaded.path.keys.size() == 2);
        for (size_t k = 0; k < 2; ++k) {
            CHECK(loaded.path.keys[k].time == doctest::Approx(path.keys[k].time));
            CHECK(loaded.path.keys[k].pose.yaw == doctest::Approx(path.keys[k].pose.yaw).epsilon(1e-4));
            CHECK(loaded.path.keys[k].pose.pitch == doctest::Approx(path.keys[k].pose.pitch).epsilon(1e-4));
            CHECK(loaded.path.keys[k].pose.radius == doctest::Approx(path.keys[k].pose.radius).epsilon(1e-4));
        }
        CHECK(loaded.note.empty());
    }
}

TEST_CASE("malformed or unusable camera paths are errors naming the file and key") {
    ivid::test::TempDir tmp;
    const fs::path file = tmp.path / "camera_path.json";
    ivid::test::write_bytes(file, "{\"keyframes\": [");
    CHECK(contains(message_of([&] { ivid::load_keyframe_file(file); }), "camera_path.json"));
    ivid::test::write_bytes(file, "{\"keyframes\": [{\"matrix\": [1, 2, 3]}], \"camera_path\": []}");
    CHECK(contains(message_of([&] { ivid::load_keyframe_file(file); }),
                   "camera_path.json: render_width: expected a value, found the key is missing"));
    // A camera rolled by 30 degrees: the studio's orbit cameras keep +y up.
    ivid::test::write_bytes(file, R"({"camera_path": [], "keyframes": [{"matrix": [0.866, -0.5, 0, 0, 0.5, 0.866, 0, 0,
        0, 0, 1, 2, 0, 0, 0, 1], "fov": 45, "aspect": 1}], "render_width": 64, "render_height": 64, "fps": 30,
        "seconds": 1})");
    CHECK(contains(message_of([&] { ivid::load_keyframe_file(file); }), "camera_path.json: keyframes[0]: camera: expected no roll"));
    ivid::test::write_bytes(file, "[1, 2]");
    CHECK(contains(message_of([&] { ivid::load_keyframe_file(file); }), "camera_path.json"));
    CHECK(contains(message_of([&] {
                       ivid::save_keyframe_file({}, tmp.path / "empty.json", ivid::KeyframeFileFormat::Nerfstudio, {});
                   }),
                   "empty.json: keyframes: expected at least one keyframe"));
    CHECK(contains(message_of([&] {
                       ivid::save_keyframe_file(two_keys(), "/proc/ivid-path.json", ivid::KeyframeFileFormat::Nerfstudio, {});
                   }),
                   "/proc"));
}

TEST_CASE("the Inspector saves a view's colour and depth: EXR Z exactly, PNG in millimetres") {
    Fixture f;
    const fs::path stem = f.dir.path / "view1";
    const auto files = ivid::save_source_buffers(f.state, 1, stem, false);
    REQUIRE(files.size() == 3);
    const ivid::View& view = f.state.scene->scene.views[1];
    CHECK(ivid::read_image_u8(files[0], 3).data == view.color.data);
    const ivid::Image z = ivid::read_exr_z(files[1]);
    CHECK(z.data == view.depth.data);
    const ivid::Image mm = ivid::read_png16(files[2]);
    REQUIRE(mm.data.size() == z.data.size());
    for (size_t p = 0; p < z.data.size(); ++p)
        if (mm.data[p] != float(std::lround(double(z.data[p]) * 1000.0))) FAIL_CHECK("pixel " << p);

    // Refusals write nothing: existing files without overwrite, an unwritable folder, no fused frame yet.
    ivid::test::write_bytes(f.dir.path / "again.exr", "old");
    CHECK(contains(message_of([&] { ivid::save_source_buffers(f.state, 1, f.dir.path / "again", false); }),
                   "again.exr: already exists"));
    CHECK_FALSE(fs::exists(f.dir.path / "again.png"));
    CHECK(ivid::save_source_buffers(f.state, 1, f.dir.path / "again", true).size() == 3);
    CHECK(contains(message_of([&] { ivid::save_source_buffers(f.state, 0, "/proc/ivid-view", false); }),
                   "cannot write into folder /proc"));
    CHECK(contains(message_of([&] { ivid::save_source_buffers(f.state, -1, f.dir.path / "fused", false); }),
                   "fused frame: expected a rendered frame"));
}

TEST_CASE("the scene export settings persist in the settings file; bad values name the key") {
    ivid::StudioSettings s;
    s.scene_export.format = ivid::SceneExportFormat::Splat;
    s.scene_export.out = "splats.ply";
    s.scene_export.dedup = true;
    s.scene_export.overwrite = true;
    const ivid::StudioSettings back = ivid::settings_from_json(ivid::settings_to_json(s), "settings.json");
    CHECK(back.scene_export.format == ivid::SceneExportFormat::Splat);
    CHECK(back.scene_export.out == "splats.ply");
    CHECK(back.scene_export.dedup);
    CHECK(back.scene_export.overwrite);
    nlohmann::json bad = ivid::settings_to_json(s);
    bad["scene_export"]["format"] = "obj";
    CHECK(contains(message_of([&] { ivid::settings_from_json(bad, "settings.json"); }),
                   "settings.json: scene_export.format: expected \"glb\""));
}

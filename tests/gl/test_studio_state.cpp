// The studio's shared state and the Inspector's buffers, without a window on screen: opening a
// scene (thumbnails, coverage) and failing to open one (the old scene stays, the error is
// reported naming the folder), snapping to the nearest view, recording keyframes; which buffers
// exist for the fused frame and for views with and without a condition; the auto depth range,
// no-data pixels and hover text; the fused frame's winner and weight maps at a view's pose; and
// a folder or scene.json dropped onto the window.
#include <doctest/doctest.h>

#include <cstdio>

#include "core/image/colormap.hpp"
#include "core/scene/scene_io.hpp"
#include "gui/panels/inspector_buffers.hpp"
#include "gui/state/studio_state.hpp"
#include "gui/state/window_events.hpp"
#include "render/platform/glfw_window.hpp"

#define GLFW_INCLUDE_NONE  // GL comes from glad (render/gl/gl.hpp)
#include <GLFW/glfw3.h>
#include "tests/gl/synthetic_scene.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using ivid::InspectorBuffer;

namespace {

ivid::GlfwWindow& context() {
    static ivid::GlfwWindow window(ivid::WindowOptions{64, 64, "ivid studio state tests", false});
    return window;
}

// The synthetic scene with a condition on view 1: its own colour and depth, left half only.
ivid::Scene scene_with_condition() {
    ivid::Scene scene = ivid::test::make_synthetic_scene(64);
    ivid::View& view = scene.views[1];
    ivid::ViewCondition c{view.color, view.depth, ivid::ImageU8(64, 64, 1, 0), ivid::ImageU8(64, 64, 1, 0)};
    for (int r = 0; r < 64; ++r)
        for (int col = 0; col < 64; ++col) {
            const bool seen = col < 32;
            c.mask.at(r, col) = c.mask_rgb.at(r, col) = seen ? 255 : 0;
            if (!seen) {
                c.depth.at(r, col) = 0.0f;
                for (int ch = 0; ch < 3; ++ch) c.color.at(r, col, ch) = 0;
            }
        }
    view.condition = c;
    return scene;
}

struct Fixture {
    ivid::test::TempDir dir;
    ivid::StudioState state{(context(), ivid::StudioSettings{})};
    fs::path scene_dir = dir.path / "scene";
    Fixture() {
        ivid::save_scene(scene_with_condition(), scene_dir, false);
        REQUIRE(state.open_scene(scene_dir));
    }
};

}  // namespace

TEST_CASE("opening a scene, and failing to open one, keeps the studio usable") {
    Fixture f;
    REQUIRE(f.state.scene);
    CHECK(f.state.scene->thumbnails.size() == 3);
    CHECK(f.state.scene->coverage.yaw_min == doctest::Approx(-0.3f));
    CHECK(f.state.settings.last_scene == fs::absolute(f.scene_dir));
    const uint64_t generation = f.state.scene->generation;
    CHECK_FALSE(f.state.open_scene(f.dir.path / "missing"));
    CHECK(f.state.scene->generation == generation);
    REQUIRE(f.state.messages.size() == 1);
    CHECK(f.state.messages[0].kind == ivid::StudioMessage::Kind::Error);
    CHECK(ivid::test::contains(f.state.messages[0].text, "missing"));
    CHECK(f.state.settings.last_scene == fs::absolute(f.scene_dir));
}

TEST_CASE("snap moves onto the nearest view; keyframes record the camera a second apart") {
    Fixture f;
    ivid::OrbitPose pose;
    pose.yaw = -0.2f;
    pose.radius = 1.7f;
    f.state.camera.set_pose(pose);
    f.state.add_keyframe();
    f.state.snap_to_nearest_view();
    // Views: yaw 0 (pitch 0), +0.3 and -0.3 (pitch 0.1).
    CHECK(f.state.camera.pose().yaw == doctest::Approx(-0.3f));
    CHECK(f.state.camera.pose().pitch == doctest::Approx(0.1f));
    CHECK(f.state.camera.pose().radius == doctest::Approx(1.0f));
    f.state.add_keyframe();
    REQUIRE(f.state.keyframes.keys.size() == 2);
    CHECK(f.state.keyframes.keys[0].time == 0.0f);
    CHECK(f.state.keyframes.keys[0].pose.radius == 1.7f);
    CHECK(f.state.keyframes.keys[1].time == 1.0f);
    CHECK(f.state.keyframes.keys[1].pose.yaw == doctest::Approx(-0.3f));
}

TEST_CASE("the Inspector offers condition buffers only for views that have one") {
    Fixture f;
    CHECK(ivid::buffers_of(f.state, -1).size() == 6);
    CHECK(ivid::buffers_of(f.state, 0) == std::vector<InspectorBuffer>{InspectorBuffer::Color, InspectorBuffer::Depth});
    CHECK(ivid::buffers_of(f.state, 1).size() == 6);
    const std::string error = ivid::test::message_of(
        [&] { ivid::inspect(f.state, 0, InspectorBuffer::ConditionDepth, f.state.settings.inspector); });
    CHECK(ivid::test::contains(error, "no condition"));
}

TEST_CASE("condition depth: auto range over the valid pixels, no-data colour and hover values") {
    Fixture f;
    ivid::InspectorSettings settings;
    settings.colormap = ivid::Colormap::Grey;
    const ivid::InspectedImage shown = ivid::inspect(f.state, 1, InspectorBuffer::ConditionDepth, settings);
    const ivid::Image& depth = f.state.scene->scene.views[1].condition->depth;
    float lo = 1e9f, hi = 0.0f;
    for (float d : depth.data)
        if (d > 0.0f) lo = std::min(lo, d), hi = std::max(hi, d);
    CHECK(shown.range.lo == lo);
    CHECK(shown.range.hi == hi);
    CHECK(shown.display.at(10, 50, 0) == ivid::kNoDataColor[0]);  // right half: no condition
    const int expected = static_cast<int>(std::lround((depth.at(10, 5) - lo) / (hi - lo) * 255.0f));
    CHECK(shown.display.at(10, 5, 0) == expected);
    char value[32];
    std::snprintf(value, sizeof(value), "depth %.4f", depth.at(10, 5));
    CHECK(ivid::describe_pixel(shown, 10, 5) == std::string("x 5, y 10: ") + value);

    settings.auto_range = false;
    settings.range = {1.0f, 2.0f};
    CHECK(ivid::inspect(f.state, 0, InspectorBuffer::Depth, settings).range.hi == 2.0f);
    const ivid::InspectedImage mask = ivid::inspect(f.state, 1, InspectorBuffer::ConditionColorMask, settings);
    CHECK(ivid::describe_pixel(mask, 0, 0) == "x 0, y 0: mask 1.0000");
    CHECK(ivid::describe_pixel(mask, 0, 63) == "x 63, y 0: mask 0.0000");
}

TEST_CASE("at a view's own pose, that view wins the fused frame and holds most of the weight") {
    Fixture f;
    const ivid::View& view = f.state.scene->scene.views[2];
    f.state.settings.inspector.weight_view = 2;
    f.state.renderer.render(view.modelview, 64, 64, f.state.settings.render, 2);
    const ivid::InspectedImage winner = ivid::inspect(f.state, -1, InspectorBuffer::Winner, f.state.settings.inspector);
    const ivid::InspectedImage weight =
        ivid::inspect(f.state, -1, InspectorBuffer::BlendWeight, f.state.settings.inspector);
    size_t won = 0;
    double weight_sum = 0.0;
    for (size_t p = 0; p < winner.labels.pixel_count(); ++p) {
        won += winner.labels.data[p] == 2;
        weight_sum += weight.values.data[p];
    }
    const double won_fraction = double(won) / winner.labels.pixel_count();
    const double mean_weight = weight_sum / weight.values.pixel_count();
    MESSAGE("view 2 wins " << won_fraction << " of the pixels, mean weight share " << mean_weight);
    CHECK(won_fraction > 0.9);
    CHECK(mean_weight > 0.8);
    CHECK(ivid::describe_pixel(winner, 32, 32) == "x 32, y 32: view 2");
    CHECK(weight.range.hi == 1.0f);
}

TEST_CASE("a scene folder or file dropped onto the window opens that scene") {
    Fixture f;
    ivid::WindowEvents events(context().handle());
    // What GLFW calls when the X server delivers a drop (XDND cannot be scripted under Xvfb).
    const GLFWdropfun deliver = glfwSetDropCallback(context().handle(), nullptr);
    glfwSetDropCallback(context().handle(), deliver);
    REQUIRE(bool(deliver));
    CHECK_FALSE(events.take_dropped().has_value());
    const std::string scene_json = (f.scene_dir / "scene.json").string();
    const char* paths[] = {scene_json.c_str()};
    deliver(context().handle(), 1, paths);
    const std::optional<fs::path> dropped = events.take_dropped();
    REQUIRE(dropped.has_value());
    CHECK_FALSE(events.take_dropped().has_value());  // taken once
    CHECK(ivid::WindowEvents::scene_folder_of(*dropped) == f.scene_dir);
    CHECK(ivid::WindowEvents::scene_folder_of(f.scene_dir) == f.scene_dir);
    CHECK(f.state.open_scene(ivid::WindowEvents::scene_folder_of(*dropped)));
    // A dropped folder that is not a scene is reported, the open scene stays.
    CHECK_FALSE(f.state.open_scene(ivid::WindowEvents::scene_folder_of(f.dir.path)));
    CHECK(f.state.scene.has_value());
    // The shared test window outlives `events`: unhook it.
    glfwSetDropCallback(context().handle(), nullptr);
    glfwSetKeyCallback(context().handle(), nullptr);
    glfwSetWindowUserPointer(context().handle(), nullptr);
}

TEST_CASE("meshing: the scene's recorded values (else IVID's), overridden from the View panel, kept on error") {
    Fixture f;
    REQUIRE(f.state.scene);
    const ivid::MeshingTolerances ivid_defaults;  // the synthetic scene records none
    CHECK(f.state.scene->meshing.atol == ivid_defaults.atol);
    CHECK(f.state.renderer.meshing().erode_rgb == ivid_defaults.erode_rgb);

    const ivid::MeshingTolerances loose{0.5f, 0.4f, 2};
    f.state.set_meshing(loose);
    CHECK(f.state.scene->meshing.rtol == 0.4f);
    CHECK(f.state.renderer.meshing().atol == 0.5f);  // the views were re-meshed with it
    CHECK(f.state.messages.empty());

    f.state.set_meshing({-1.0f, 0.4f, 2});  // out of range: reported, the override stays
    REQUIRE(!f.state.messages.empty());
    CHECK(ivid::test::contains(f.state.messages.back().text, "atol"));
    CHECK(f.state.scene->meshing.atol == 0.5f);
    CHECK(f.state.renderer.meshing().atol == 0.5f);

    // Another scene opens with its own recorded meshing, not the override.
    REQUIRE(f.state.open_scene(f.scene_dir));
    CHECK(f.state.scene->meshing.atol == ivid_defaults.atol);
}

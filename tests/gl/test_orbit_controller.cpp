// The studio's orbit camera: reset pose, drag directions, pitch clamp, zoom limits, pan that
// keeps the target's screen point under the cursor, and the view matrix it hands to GL.
#include <doctest/doctest.h>

#include <cmath>

#include "core/geometry/camera.hpp"
#include "gui/state/orbit_controller.hpp"

using ivid::OrbitController;

namespace {
// Camera-space -> NDC x/y of a world point, for a square viewport.
glm::vec2 project(const glm::mat4& view, float fov_deg, const glm::vec3& world) {
    const glm::vec4 clip = ivid::perspective(fov_deg, 1.0f, 0.01f, 100.0f) * view * glm::vec4(world, 1.0f);
    return glm::vec2(clip) / clip.w;
}
}  // namespace

TEST_CASE("the controller starts at, and resets to, IVID's front view") {
    OrbitController camera;
    camera.orbit(120.0f, -40.0f);
    camera.pan(10.0f, 5.0f, 800.0f, 45.0f);
    camera.zoom(3.0f);
    camera.reset();
    CHECK(camera.pose().yaw == 0.0f);
    CHECK(camera.pose().pitch == 0.0f);
    CHECK(camera.pose().radius == 1.0f);
    CHECK(camera.pose().target == glm::vec3(0.0f));
    // Front view: eye (0, 0, 1) looking at the origin, so the origin is 1 unit in front.
    const glm::vec4 origin_in_camera = camera.view_matrix() * glm::vec4(0, 0, 0, 1);
    CHECK(origin_in_camera.x == doctest::Approx(0.0f).epsilon(1e-6));
    CHECK(origin_in_camera.z == doctest::Approx(-1.0f).epsilon(1e-6));
}

TEST_CASE("left drag turns yaw and pitch; pitch stays short of the poles") {
    OrbitController camera;
    camera.orbit(100.0f, 0.0f);
    CHECK(camera.pose().yaw == doctest::Approx(-100.0f * OrbitController::kRadiansPerPixel));
    camera.orbit(0.0f, 60.0f);
    CHECK(camera.pose().pitch == doctest::Approx(60.0f * OrbitController::kRadiansPerPixel));
    camera.orbit(0.0f, 1.0e5f);
    CHECK(camera.pose().pitch == OrbitController::kPitchLimit);
    camera.orbit(0.0f, -1.0e6f);
    CHECK(camera.pose().pitch == -OrbitController::kPitchLimit);
    const glm::mat4 view = camera.view_matrix();
    for (int col = 0; col < 4; ++col)
        for (int row = 0; row < 4; ++row) CHECK(std::isfinite(view[col][row]));
}

TEST_CASE("arrow nudges step yaw and pitch, pitch clamped") {
    OrbitController camera;
    camera.nudge(2, -1);
    CHECK(camera.pose().yaw == doctest::Approx(2 * OrbitController::kNudgeRadians));
    CHECK(camera.pose().pitch == doctest::Approx(-OrbitController::kNudgeRadians));
    camera.nudge(0, 1000);
    CHECK(camera.pose().pitch == OrbitController::kPitchLimit);
}

TEST_CASE("wheel zoom scales the radius within its limits") {
    OrbitController camera;
    camera.zoom(1.0f);
    CHECK(camera.pose().radius == doctest::Approx(OrbitController::kZoomPerNotch));
    camera.zoom(-2.0f);
    CHECK(camera.pose().radius == doctest::Approx(1.0f / OrbitController::kZoomPerNotch));
    camera.zoom(1000.0f);
    CHECK(camera.pose().radius == OrbitController::kMinRadius);
    camera.zoom(-1000.0f);
    CHECK(camera.pose().radius == OrbitController::kMaxRadius);
}

TEST_CASE("panning moves the scene with the cursor by the dragged distance") {
    // A world point at the target's depth must move on screen exactly as the cursor moved.
    const float fov = 45.0f, height = 800.0f;
    OrbitController camera;
    camera.orbit(37.0f, -21.0f);  // an oblique pose, so right/up are not the world axes
    const glm::vec3 point = camera.pose().target;
    const glm::vec2 before = project(camera.view_matrix(), fov, point);
    camera.pan(80.0f, -40.0f, height, fov);
    const glm::vec2 after = project(camera.view_matrix(), fov, point);
    // NDC spans 2 units over `height` pixels; screen y points down, NDC y up.
    CHECK((after.x - before.x) * height / 2.0f == doctest::Approx(80.0f).epsilon(1e-3));
    CHECK((after.y - before.y) * height / 2.0f == doctest::Approx(40.0f).epsilon(1e-3));
}

TEST_CASE("set_pose jumps to a pose and keeps pitch and radius within the limits") {
    OrbitController camera;
    ivid::OrbitPose pose;
    pose.yaw = 0.45f;
    pose.pitch = -0.15f;
    pose.radius = 1.2f;
    pose.target = glm::vec3(0.1f, 0.0f, 0.0f);
    camera.set_pose(pose);
    CHECK(camera.pose().yaw == 0.45f);
    CHECK(camera.pose().pitch == -0.15f);
    CHECK(camera.pose().radius == 1.2f);
    CHECK(camera.pose().target.x == 0.1f);
    pose.pitch = 2.0f;
    pose.radius = 500.0f;
    camera.set_pose(pose);
    CHECK(camera.pose().pitch == OrbitController::kPitchLimit);
    CHECK(camera.pose().radius == OrbitController::kMaxRadius);
}

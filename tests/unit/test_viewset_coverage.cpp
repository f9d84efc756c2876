// Viewset coverage for the studio's snap and out-of-range indicator: poses of views, the covered
// yaw/pitch box of IVID's 3x9 viewset, yaw counted modulo 2 pi, analytic angles between poses,
// nearest view, and scenes without views.
#include <doctest/doctest.h>

#include <cmath>

#include "core/scene/viewset_coverage.hpp"
#include "tests/test_support.hpp"

namespace {

// A scene whose views sit on the 3x9 viewset at radius `radius` (images are not needed here).
ivid::Scene scene_3x9(float radius) {
    ivid::Scene scene;
    for (ivid::OrbitPose pose : ivid::viewset_3x9()) {
        pose.radius = radius;
        ivid::View view;
        view.yaw = pose.yaw;
        view.pitch = pose.pitch;
        view.modelview = ivid::orbit_modelview(pose);
        scene.views.push_back(view);
    }
    return scene;
}

ivid::OrbitPose pose(float yaw, float pitch) {
    ivid::OrbitPose p;
    p.yaw = yaw;
    p.pitch = pitch;
    return p;
}

}  // namespace

TEST_CASE("view_pose recovers yaw, pitch and the camera distance") {
    const ivid::Scene scene = scene_3x9(1.5f);
    const ivid::OrbitPose p = ivid::view_pose(scene.views[5]);
    CHECK(p.yaw == scene.views[5].yaw);
    CHECK(p.pitch == scene.views[5].pitch);
    CHECK(p.radius == doctest::Approx(1.5f).epsilon(1e-6));
    CHECK(ivid::orbit_eye(p).x == doctest::Approx(ivid::camera_center(scene.views[5].modelview).x));
}

TEST_CASE("the 3x9 viewset covers yaw [-0.6, 0.6] and pitch [-0.15, 0.15]") {
    const ivid::ViewsetCoverage box = ivid::viewset_coverage(scene_3x9(1.0f));
    CHECK(box.yaw_min == doctest::Approx(-0.6f));
    CHECK(box.yaw_max == doctest::Approx(0.6f));
    CHECK(box.pitch_min == doctest::Approx(-0.15f));
    CHECK(box.pitch_max == doctest::Approx(0.15f));
    CHECK(ivid::covers(box, pose(0.0f, 0.0f)));
    CHECK(ivid::covers(box, pose(0.6f, 0.15f)));  // the corner view itself
    CHECK_FALSE(ivid::covers(box, pose(0.61f, 0.0f)));
    CHECK_FALSE(ivid::covers(box, pose(0.0f, -0.16f)));
    // A yaw accumulated over whole turns is the same direction.
    const float turn = 6.2831853f;
    CHECK(ivid::covers(box, pose(0.5f + 2.0f * turn, 0.0f)));
    CHECK(ivid::covers(box, pose(-0.5f - turn, 0.1f)));
    CHECK_FALSE(ivid::covers(box, pose(3.0f - turn, 0.0f)));
}

TEST_CASE("direction_angle is the angle between eye directions") {
    CHECK(ivid::direction_angle(pose(0.0f, 0.0f), pose(0.3f, 0.0f)) == doctest::Approx(0.3f));
    CHECK(ivid::direction_angle(pose(0.2f, 0.0f), pose(0.2f, -0.25f)) == doctest::Approx(0.25f));
    CHECK(ivid::direction_angle(pose(0.0f, 0.0f), pose(3.14159265f, 0.0f)) ==
          doctest::Approx(3.14159265f));
    // Radius and target do not change a direction.
    ivid::OrbitPose far = pose(0.1f, 0.0f);
    far.radius = 3.0f;
    CHECK(ivid::direction_angle(far, pose(0.1f, 0.0f)) == doctest::Approx(0.0f));
    // Tiny angles stay accurate (acos of a dot product would give ~3e-4 here in float).
    CHECK(ivid::direction_angle(pose(0.0f, 0.0f), pose(1e-6f, 0.0f)) ==
          doctest::Approx(1e-6f).epsilon(1e-3));
}

TEST_CASE("nearest_view finds the closest generated pose") {
    const ivid::Scene scene = scene_3x9(1.0f);
    // viewset_3x9 order: yaw outer {0, .15, -.15, .3, -.3, .45, -.45, .6, -.6}, pitch inner
    // {0, .15, -.15}: yaw 0.3 pitch -0.15 is index 3 * 3 + 2 = 11.
    CHECK(ivid::nearest_view(scene, pose(0.32f, -0.2f)) == 11);
    CHECK(ivid::nearest_view(scene, pose(0.0f, 0.0f)) == 0);
    CHECK(ivid::nearest_view(scene, pose(-2.0f, 0.0f)) == 24);  // beyond the range: yaw -0.6
    CHECK(ivid::nearest_view(scene, pose(0.1f - 6.2831853f, 0.0f)) == 3);  // yaw 0.15
}

TEST_CASE("a scene without views is an error, not an out-of-range read") {
    const ivid::Scene empty;
    CHECK(ivid::test::contains(ivid::test::message_of([&] { ivid::viewset_coverage(empty); }),
                               "at least one view"));
    CHECK(ivid::test::contains(
        ivid::test::message_of([&] { ivid::nearest_view(empty, pose(0.0f, 0.0f)); }),
        "nearest_view"));
}

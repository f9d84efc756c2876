// Where a scene's generated views are, seen from the studio's orbit camera: each view's orbit
// pose, the view nearest a camera (snap), and the yaw/pitch box the viewset covers (the
// indicator that the camera shows parts no view has seen, where the fused frame has holes).
#pragma once

#include <cstddef>
#include <vector>

#include "core/geometry/camera.hpp"
#include "core/scene/scene.hpp"

namespace ivid {

// A view's pose on the orbit: its stored yaw and pitch, the radius of its camera centre, target
// at the origin (where every viewset looks).
OrbitPose view_pose(const View& view);

// Smallest box in (yaw, pitch) holding every view; yaws as stored (IVID's are within (-pi, pi]).
struct ViewsetCoverage {
    float yaw_min = 0.0f, yaw_max = 0.0f;
    float pitch_min = 0.0f, pitch_max = 0.0f;
};
// Throws Error for a scene without views.
ViewsetCoverage viewset_coverage(const Scene& scene);

// Whether the pose's direction lies in the box; its yaw counts modulo 2 pi (the studio's yaw
// accumulates over turns). Radius and target do not matter.
bool covers(const ViewsetCoverage& coverage, const OrbitPose& pose);

// Angle in radians between the directions from the target to the two eyes.
float direction_angle(const OrbitPose& a, const OrbitPose& b);

// Index of the view whose direction is nearest the pose's (first one on ties). Throws Error for
// a scene without views.
size_t nearest_view(const Scene& scene, const OrbitPose& pose);

}  // namespace ivid

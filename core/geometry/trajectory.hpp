// Named camera trajectories (what a turntable export or an animated glTF camera follows): IVID's
// swing and random poses, a full orbit, or a keyframe file; plus the choice as one plain struct.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/geometry/camera.hpp"

namespace ivid {

enum class TrajectoryKind {
    Swing,      // IVID render.py's swing: yaw 0.6 cos t, pitch 0.15 sin t
    Orbit,      // a full 360 degree yaw orbit at orbit_pitch
    Keyframes,  // the Catmull-Rom path of keyframes_file (ivid-keyframes JSON)
    Random,     // IVID render.py's random: poses drawn around the front view from random_seed
};

// "swing" / "orbit" / "keyframes" / "random"; the parser throws Error listing the valid names.
std::string trajectory_kind_name(TrajectoryKind kind);
TrajectoryKind trajectory_kind_from_name(const std::string& name);

struct TrajectorySpec {
    TrajectoryKind kind = TrajectoryKind::Swing;
    std::filesystem::path keyframes_file;  // for Keyframes
    float orbit_pitch = 0.1f;              // radians, for Orbit
    uint64_t random_seed = 0;              // for Random
    float radius = 1.0f;                   // orbit radius for Swing and Orbit (1 = the viewset's)
    int frames = 120;                      // 1..100000
};

// Throws Error::at(where, key, ...) naming the first field out of range.
void validate(const TrajectorySpec& spec, const std::string& where);

// The trajectory's `frames` poses (loads keyframes_file for Keyframes; Error names the file).
std::vector<OrbitPose> trajectory_poses(const TrajectorySpec& spec);

}  // namespace ivid

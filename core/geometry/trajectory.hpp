// Named camera trajectories (what a turntable export or an animated glTF camera follows): IVID's
// swing and random poses, a full orbit, or a keyframe file; plus the choice as one plain struct.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/geometry/camera.hpp"
#include "core/util/enum_names.hpp"

namespace ivid {

enum class TrajectoryKind {
    Swing,      // IVID render.py's swing: yaw 0.6 cos t, pitch 0.15 sin t
    Orbit,      // a full 360 degree yaw orbit at orbit_pitch
    Keyframes,  // the Catmull-Rom path of keyframes_file (ivid-keyframes JSON)
    Random,     // IVID render.py's random: poses drawn around the front view from random_seed
};

inline constexpr EnumName<TrajectoryKind> kTrajectoryKindNames[] = {{TrajectoryKind::Swing, "swing"},
                                                                    {TrajectoryKind::Orbit, "orbit"},
                                                                    {TrajectoryKind::Keyframes, "keyframes"},
                                                                    {TrajectoryKind::Random, "random"}};

// "swing" / "orbit" / "keyframes" / "random"; anything else is an Error listing the valid names.
TrajectoryKind parse_trajectory_kind(const std::string& name);
std::string trajectory_kind_name(TrajectoryKind kind);

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

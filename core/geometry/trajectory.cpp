#include "core/geometry/trajectory.hpp"

#include <cmath>

#include "core/util/error.hpp"

namespace ivid {

TrajectoryKind parse_trajectory_kind(const std::string& name) {
    return parse_enum(kTrajectoryKindNames, name, "", "trajectory");
}

std::string trajectory_kind_name(TrajectoryKind kind) { return enum_name(kTrajectoryKindNames, kind); }

void validate(const TrajectorySpec& s, const std::string& where) {
    if (s.frames < 1 || s.frames > 100000) throw Error::at(where, "frames", "1..100000", std::to_string(s.frames));
    if (!(s.radius > 0.0f) || !std::isfinite(s.radius)) throw Error::at(where, "radius", "> 0", std::to_string(s.radius));
    if (!(std::abs(s.orbit_pitch) < 1.5f))
        throw Error::at(where, "orbit_pitch", "|pitch| < 1.5 rad", std::to_string(s.orbit_pitch));
    if (s.kind == TrajectoryKind::Keyframes && s.keyframes_file.empty())
        throw Error::at(where, "keyframes_file", "a keyframe JSON file for trajectory \"keyframes\"", "none");
}

std::vector<OrbitPose> trajectory_poses(const TrajectorySpec& s) {
    validate(s, "trajectory");
    std::vector<OrbitPose> poses;
    switch (s.kind) {
        case TrajectoryKind::Swing: poses = trajectory_swing(s.frames); break;
        case TrajectoryKind::Orbit: poses = trajectory_orbit(s.frames, s.orbit_pitch); break;
        case TrajectoryKind::Random: poses = trajectory_random(s.frames, s.random_seed); break;
        case TrajectoryKind::Keyframes: return trajectory_keyframes(load_keyframes(s.keyframes_file), s.frames);
    }
    for (OrbitPose& pose : poses) pose.radius *= s.radius;
    return poses;
}

}  // namespace ivid

// The camera poses a scene is generated at, in generation order (pose 0 comes from the
// unconditional model). Given as text on the command line and in the studio:
//   "3x9"        IVID's 27 poses in sample.py order
//   "random"     IVID's random viewset: the front view plus one random pose (drawn from the scene's seed)
//   "ring:N"     N poses on a 360 degree ring at pitch 0, yaw 360/N degrees apart, starting at the front
//   FILE.json    custom: a JSON array of {"yaw": degrees, "pitch": degrees}, or an object
//                {"views": [...]} of the same
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/geometry/camera.hpp"

namespace ivid::pipeline {

// |pitch| above this looks (nearly) straight down the orbit's up axis, where IVID's lookAt
// with +y up degenerates.
inline constexpr float kMaxPitchDeg = 80.0f;
// Poses closer than this (radians, yaw modulo 360 degrees) count as duplicates.
inline constexpr float kDuplicatePoseTolerance = 1e-3f;

struct ViewsetSpec {
    std::string text;               // as given, recorded in provenance
    bool per_seed = false;          // "random": poses depend on the scene's seed
    std::vector<OrbitPose> poses;   // the poses (for "random": those of seed 0)

    // The poses of the scene generated from `seed`.
    std::vector<OrbitPose> poses_for_seed(uint64_t seed) const;
};

// Parses and validates; an impossible viewset (unknown name, ring of < 1 or > 360 views,
// unreadable file, empty list, non-finite angle, |pitch| > kMaxPitchDeg, duplicate poses) is an
// Error naming the value, file and entry.
ViewsetSpec parse_viewset(const std::string& text);
// Validation alone (used by parse_viewset); `source` names the poses in messages.
void validate_viewset(const std::vector<OrbitPose>& poses, const std::string& source);
// poses for a ring of n views (see above).
std::vector<OrbitPose> viewset_ring(int n);

}  // namespace ivid::pipeline

// Cameras as IVID builds them: right-handed lookAt around the origin, OpenGL perspective,
// the 3x9 and random viewsets, the swing trajectory, plus full orbits and keyframe paths.
// Matrices are glm (column-major); world->camera is called "modelview" as in IVID.
#pragma once

#include <cstdint>
#include <filesystem>
#include <limits>
#include <string>
#include <vector>

#include <glm/glm.hpp>

namespace ivid {

// A camera on IVID's orbit: eye = radius * (sin(yaw)cos(pitch), sin(pitch), cos(yaw)cos(pitch)),
// looking at `target` with +y up. Angles in radians.
struct OrbitPose {
    float yaw = 0.0f;
    float pitch = 0.0f;
    float radius = 1.0f;
    glm::vec3 target{0.0f};
};

glm::mat4 look_at(const glm::vec3& eye, const glm::vec3& center, const glm::vec3& up);
glm::mat4 perspective(float fov_deg, float aspect, float near, float far);
glm::vec3 orbit_eye(const OrbitPose& pose);
glm::mat4 orbit_modelview(const OrbitPose& pose);
// Camera centre in world space (column 3 of inverse(modelview)).
glm::vec3 camera_center(const glm::mat4& modelview);

// IVID's "3x9" viewset in sample.py generation order (yaw outer, pitch inner; 27 poses).
std::vector<OrbitPose> viewset_3x9();
// IVID's "random" viewset: `count` poses drawn with the given seed (first pose is the front view).
// As in sample.py the others have yaw ~ Normal(0, 0.3) and pitch ~ Normal(0, 0.15) radians,
// unclipped (so about 95% of yaws lie in [-0.6, 0.6] and of pitches in [-0.3, 0.3]); normals
// come from std::mt19937_64(seed) via Box-Muller, identical on every standard library.
// With `max_abs_pitch` set, a pose whose pitch falls outside is drawn again (yaw and pitch), so
// the poses before the first such draw are those of the unlimited viewset.
std::vector<OrbitPose> viewset_random(int count, uint64_t seed,
                                      double max_abs_pitch = std::numeric_limits<double>::infinity());
// Viewset by name ("3x9": 27 poses, "random": sample.py's front view plus one random pose);
// throws Error naming the value otherwise.
std::vector<OrbitPose> viewset_by_name(const std::string& name, uint64_t seed = 0);

// render.py's swing: t = linspace(0, 2pi, frames) inclusive, yaw = 0.6cos t, pitch = 0.15sin t.
std::vector<OrbitPose> trajectory_swing(int frames);
// render.py's --traj random: each pose has yaw = clip(0.3 N, +-0.6) and pitch = clip(0.15 N,
// +-0.15) (render.py draws one per scene); normals drawn as viewset_random draws them, from `seed`.
std::vector<OrbitPose> trajectory_random(int frames, uint64_t seed);
// Full 360 degree yaw orbit at a fixed pitch (last frame is one step before the first).
std::vector<OrbitPose> trajectory_orbit(int frames, float pitch);

// A keyframe path: poses at times (seconds), interpolated smoothly (Catmull-Rom on yaw, pitch,
// radius and target).
struct Keyframe {
    float time = 0.0f;
    OrbitPose pose;
};
struct KeyframePath {
    std::vector<Keyframe> keys;  // strictly increasing times
};
std::vector<OrbitPose> trajectory_keyframes(const KeyframePath& path, int frames);
// JSON: {"format": "ivid-keyframes", "version": 1, "keyframes": [{"time", "yaw", "pitch",
// "radius", "target": [x,y,z]}...]}. Loading validates and names the file/key on error.
void save_keyframes(const KeyframePath& path, const std::filesystem::path& file);
KeyframePath load_keyframes(const std::filesystem::path& file);

}  // namespace ivid

#include "gui/state/orbit_controller.hpp"

#include <algorithm>
#include <cmath>

namespace ivid {

OrbitController::OrbitController() { reset(); }

void OrbitController::reset() { pose_ = OrbitPose{}; }

void OrbitController::set_pitch(float pitch) {
    pose_.pitch = std::clamp(pitch, -kPitchLimit, kPitchLimit);
}

void OrbitController::orbit(float dx_px, float dy_px) {
    pose_.yaw -= dx_px * kRadiansPerPixel;
    set_pitch(pose_.pitch + dy_px * kRadiansPerPixel);
}

void OrbitController::pan(float dx_px, float dy_px, float viewport_height_px, float fov_deg) {
    // World units per pixel on the plane through the target facing the camera.
    const float half_fov = glm::radians(fov_deg) * 0.5f;
    const float units_per_px = 2.0f * pose_.radius * std::tan(half_fov) / viewport_height_px;
    const glm::mat4 view = view_matrix();
    const glm::vec3 right(view[0][0], view[1][0], view[2][0]);
    const glm::vec3 up(view[0][1], view[1][1], view[2][1]);
    // Screen y grows downwards; the scene follows the cursor, so the target moves against it.
    pose_.target += (-dx_px * right + dy_px * up) * units_per_px;
}

void OrbitController::zoom(float notches) {
    pose_.radius = std::clamp(pose_.radius * std::pow(kZoomPerNotch, notches), kMinRadius,
                              kMaxRadius);
}

void OrbitController::nudge(int yaw_steps, int pitch_steps) {
    pose_.yaw += static_cast<float>(yaw_steps) * kNudgeRadians;
    set_pitch(pose_.pitch + static_cast<float>(pitch_steps) * kNudgeRadians);
}

void OrbitController::set_pose(const OrbitPose& pose) {
    pose_ = pose;
    set_pitch(pose.pitch);
    pose_.radius = std::clamp(pose.radius, kMinRadius, kMaxRadius);
}

glm::mat4 OrbitController::view_matrix() const { return orbit_modelview(pose_); }

}  // namespace ivid

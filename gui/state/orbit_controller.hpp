// The studio's camera: an orbit around a target on IVID's orbit convention (yaw, pitch,
// radius; see core/geometry/camera.hpp), driven by mouse drags, the wheel and arrow keys.
// Input arrives as plain numbers (pixels, wheel notches), so it does not depend on GLFW.
#pragma once

#include <glm/glm.hpp>

#include "core/geometry/camera.hpp"

namespace ivid {

class OrbitController {
public:
    static constexpr float kRadiansPerPixel = 0.005f;
    static constexpr float kPitchLimit = 1.5f;   // just short of straight up/down (lookAt up = +y)
    static constexpr float kZoomPerNotch = 0.9f;  // radius factor per wheel notch towards the target
    static constexpr float kMinRadius = 0.05f;
    static constexpr float kMaxRadius = 50.0f;
    static constexpr float kNudgeRadians = 0.05f;

    // Starts at the front view (see reset).
    OrbitController();

    // Front view: yaw = pitch = 0, radius 1, looking at the origin (IVID's first view).
    void reset();
    // Left drag: dragging right/down turns the scene with the mouse (yaw -, pitch +).
    void orbit(float dx_px, float dy_px);
    // Right/middle drag: moves the target so the point under the cursor at the target's depth
    // follows the mouse, for a viewport `viewport_height_px` tall with vertical fov `fov_deg`.
    void pan(float dx_px, float dy_px, float viewport_height_px, float fov_deg);
    // Wheel: positive notches move towards the target.
    void zoom(float notches);
    // Arrow keys: steps of kNudgeRadians in yaw and pitch.
    void nudge(int yaw_steps, int pitch_steps);
    // Jumps to a pose (snap to a view, --camera, a keyframe), pitch and radius clamped to the
    // limits above.
    void set_pose(const OrbitPose& pose);

    const OrbitPose& pose() const { return pose_; }
    // world->camera
    glm::mat4 view_matrix() const;

private:
    void set_pitch(float pitch);

    OrbitPose pose_;
};

}  // namespace ivid

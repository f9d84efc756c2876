// nerfstudio camera paths (`camera_path.json`: what the viewer's "Export path" writes and
// `ns-render camera-path` reads) to and from the studio's keyframe paths.
//
// nerfstudio's fields: `keyframes[]` (`matrix`: 16 numbers, the camera-to-world matrix row by row;
// `fov`: vertical degrees; `aspect`; `override_transition_enabled` / `override_transition_sec`: the
// seconds to the next keyframe), `camera_path[]` (the rendered frames: `camera_to_world` as 16
// numbers row by row, `fov`, `aspect`), `render_width`, `render_height`, `fps`, `seconds`,
// `camera_type`, `default_fov`, `default_transition_sec`, `is_cycle`, `smoothness_value`. Cameras
// are OpenGL-style (look down -z, +y up), as the studio's; see export_conventions.hpp.
//
// The studio's cameras orbit a target with +y up, so an imported camera must have no roll; its
// target is the point of its viewing ray closest to the world origin.
#pragma once

#include <string>

#include <glm/glm.hpp>
#include <nlohmann/json.hpp>

#include "core/geometry/camera.hpp"

namespace ivid {

struct CameraPathFormat {
    double fov_deg = 45.0;
    int width = 512, height = 512;
    double fps = 30.0;
};

// `frames` evenly spaced poses of the path (its first to its last keyframe) in camera_path[];
// seconds = frames / fps, as nerfstudio counts frames. Keyframe times become transitions.
nlohmann::json nerfstudio_camera_path(const KeyframePath& path, const CameraPathFormat& format, int frames);

// The frames a path needs at `fps` when none are asked for: its duration x fps, plus one.
int camera_path_frames(const KeyframePath& path, double fps);

// Which list of a camera_path.json becomes the studio's keyframes: nerfstudio's own keyframes
// (timed by their transitions, from 0 s), or every rendered frame (at frame / fps seconds).
enum class CameraPathImport { Keyframes, Frames };

struct ImportedCameraPath {
    KeyframePath path;
    CameraPathFormat format;  // fov from default_fov (else the first camera), size and fps
    bool fov_varies = false;  // a camera's fov differs from format.fov_deg (the studio uses one)
    int frames = 0;           // entries of camera_path[]
};

// Validates every field it reads and names file and key in errors (`source` names the file).
ImportedCameraPath import_nerfstudio_camera_path(const nlohmann::json& doc, const std::string& source,
                                                 CameraPathImport what);

// The orbit pose of a roll-free camera-to-world matrix; Error naming `what` when the camera rolls
// (its x axis leaves the horizontal plane by more than 1e-4) or looks straight up or down.
OrbitPose orbit_pose_from_camera_to_world(const glm::dmat4& c2w, const std::string& what);

// Camera-to-world matrix as nerfstudio writes it: 16 numbers, row by row.
nlohmann::json row_major_json(const glm::dmat4& m);

}  // namespace ivid

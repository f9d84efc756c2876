// What a turntable export renders and writes: the camera trajectory, frame count and rate,
// output size, the fusion settings (blend mode, supersampling, background, fov) and the outputs
// (MP4, optional PNG sequence, optional colourised-depth MP4, optional float-depth folders). A plain struct the studio's Export
// panel edits and persists as JSON and `ivid render` fills from its flags.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geometry/camera.hpp"
#include "core/geometry/trajectory.hpp"
#include "core/image/colormap.hpp"
#include "render/fusion_settings.hpp"

namespace ivid {

struct ExportSettings {
    TrajectorySpec trajectory;             // the camera path and the number of frames
    double fps = 30.0;                     // > 0
    int width = 512, height = 512;         // even (H.264 4:2:0), 2..8192
    FusionRenderSettings render;           // blend mode, supersampling, background, fov

    // Outputs: at least one of video and png_dir. Each is written under a temporary name and
    // renamed when complete; an existing one is replaced only when overwrite.
    std::filesystem::path video;           // .mp4, H.264
    std::filesystem::path png_dir;         // frame_00000.png ...
    std::filesystem::path depth_video;     // colourised linear depth, .mp4
    // Every frame's z-depth in scene units, 0 where nothing was drawn (export_conventions.hpp):
    std::filesystem::path depth_exr_dir;   // frame_00000.exr ... (float32 channel "Z", exact)
    std::filesystem::path depth_png16_dir; // frame_00000.png ... (16-bit millimetres)
    Colormap depth_colormap = Colormap::Turbo;
    // Depth mapped onto the colormap's ends; unset = the depth range of the scene's views.
    std::optional<std::array<float, 2>> depth_range;
    bool overwrite = false;
};

// Throws Error naming the first setting out of range or missing (expected vs found).
void validate(const ExportSettings& settings);

// {"trajectory": "swing", "keyframes_file": "", "orbit_pitch": 0.1, "random_seed": 0, "radius": 1, "frames": 120,
//  "fps": 30, "size": [512, 512], "render": {...FusionRenderSettings...}, "video": "out.mp4",
//  "png_dir": "", "depth_video": "", "depth_exr_dir": "", "depth_png16_dir": "", "depth_colormap": "turbo",
//  "depth_range": null | [lo, hi], "overwrite": false}
void to_json(nlohmann::json& json, const ExportSettings& settings);
// Reads the keys present (others keep their defaults) and validates the result; errors name the key.
void from_json(const nlohmann::json& json, ExportSettings& settings);

}  // namespace ivid

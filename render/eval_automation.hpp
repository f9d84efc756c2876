// What a free-view evaluation renders, as a file (as Filament's viewer automation does): a list
// of render-settings variants and a list of camera trajectories; every variant is scored on every
// pose of every trajectory. The bundled assets/eval/free-view-3x9.json holds the trajectories on,
// between and beyond IVID's 3x9 viewset and IVID's and the depth-aware blend modes.
//
//   {"format": "ivid-eval-automation", "version": 1,
//    "frames": 8,                                  // poses per generated trajectory
//    "variants": [{"name": "ivid", "settings": {"blend_mode": "ivid"}}, ...],
//    "trajectories": [
//      {"name": "on-views", "description": "...",
//       "sweep": {"yaw": [-0.6, 0.6], "yaw_step": 0.15, "pitch": [-0.15, 0, 0.15], "radius": 1}},
//      {"name": "swing", "ellipse": {"yaw": 0.6, "pitch": 0.15, "radius": 1}},
//      {"name": "path", "keyframes": "path.json"},     // an ivid-keyframes file, relative to this one
//      {"name": "fixed", "poses": [{"yaw": 0.1, "pitch": 0, "radius": 1}, ...]}]}
//
// A variant's settings are keys of the studio's View settings (render/fusion_settings.hpp) laid
// over the evaluation's own; a sweep moves yaw evenly from the first to the second value (snapped
// to multiples of yaw_step when given) and cycles through the pitch list; an ellipse is yaw
// A cos t, pitch B sin t over one period; angles in radians, radius 1 = the viewset's.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geometry/camera.hpp"
#include "render/fusion_settings.hpp"

namespace ivid {

struct EvalVariant {
    std::string name;
    nlohmann::json settings;  // an object of FusionRenderSettings keys, checked when loaded
};

struct EvalTrajectory {
    std::string key;  // where it is in the file, "trajectories[2]", for messages
    std::string name;
    std::string description;
    nlohmann::json generator;  // {"sweep": ...}, {"ellipse": ...}, {"poses": ...} or {"keyframes": path}
};

struct EvalAutomation {
    static constexpr int kMaxFrames = 1000;
    static constexpr int kMaxEntries = 64;  // variants, trajectories

    std::filesystem::path file;  // where it was read from (relative keyframe files and messages)
    int frames = 8;
    std::vector<EvalVariant> variants;
    std::vector<EvalTrajectory> trajectories;
};

// Reads and checks the whole file (every variant's settings over the defaults, every trajectory's
// poses); an Error names the file and the key path, e.g. "variants[1].settings: ...".
EvalAutomation load_eval_automation(const std::filesystem::path& file);

// The bundled assets/eval/free-view-3x9.json (Error when the assets cannot be found).
std::filesystem::path default_eval_automation_file();

// `base` with the variant's keys laid over it.
FusionRenderSettings variant_settings(const EvalVariant& variant, const FusionRenderSettings& base);

// The trajectory's poses: `frames` of them for a sweep, an ellipse or keyframes, the listed ones
// for "poses".
std::vector<OrbitPose> evaluation_poses(const EvalAutomation& automation, const EvalTrajectory& trajectory,
                                        int frames);

}  // namespace ivid

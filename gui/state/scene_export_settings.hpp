// What the Export panel's "Scene export" section remembers between runs: the format (glTF .glb,
// point cloud, 3DGS splats, nerfstudio folder, float depth folder), its options and the output
// path. Stored in the studio's settings file under "scene_export".
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/export/scene_export.hpp"
#include "core/util/json_fields.hpp"

namespace ivid {

struct SceneExportSettings {
    SceneExportFormat format = SceneExportFormat::Glb;
    std::filesystem::path out = "scene.glb";
    bool merge_views = false;         // glb
    bool cameras = true;              // glb
    bool include_trajectory = false;  // glb: the Export panel's trajectory as an animated camera
    bool dedup = false;               // points, splat
    bool overwrite = false;
};

// {"format": "glb", "out": "scene.glb", "merge_views": false, "cameras": true,
//  "include_trajectory": false, "dedup": false, "overwrite": false}
nlohmann::json scene_export_settings_to_json(const SceneExportSettings& settings);
// Reads the keys present (others keep their values); errors name the file and key.
void read_scene_export_settings(const JsonAt& json, SceneExportSettings& settings);

}  // namespace ivid

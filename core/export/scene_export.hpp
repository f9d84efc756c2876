// Every scene export format behind one call, so `ivid export` and the studio's Export panel write
// the same files: glTF binary, point-cloud PLY, 3DGS splat PLY, nerfstudio dataset folder, float
// depth folder. Each output is written atomically; an existing one is replaced only when overwrite.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geometry/camera.hpp"
#include "core/scene/scene.hpp"
#include "core/scene/scene_meshing.hpp"
#include "core/util/enum_names.hpp"

namespace ivid {

enum class SceneExportFormat { Glb, Points, Splat, Nerfstudio, Depth };
inline constexpr EnumName<SceneExportFormat> kSceneExportFormatNames[] = {
    {SceneExportFormat::Glb, "glb"},
    {SceneExportFormat::Points, "points"},
    {SceneExportFormat::Splat, "splat"},
    {SceneExportFormat::Nerfstudio, "nerfstudio"},
    {SceneExportFormat::Depth, "depth"}};

// "glb", "points", "splat", "nerfstudio", "depth"; anything else is an Error
// "format: expected \"glb\", ... or \"depth\", found \"...\"".
SceneExportFormat parse_scene_export_format(const std::string& name);
std::string scene_export_format_name(SceneExportFormat format);

// What an output path of the format looks like ("FILE.glb", "FILE.ply", "a folder name without
// extension"), and whether `out` fits it, so `--out scene.ply --format glb` is caught early.
std::string export_path_expectation(SceneExportFormat format);
bool export_path_fits(SceneExportFormat format, const std::filesystem::path& out);

struct SceneExportOptions {
    SceneExportFormat format = SceneExportFormat::Glb;
    MeshingTolerances meshing;
    bool merge_views = false;          // glb: one mesh for all views
    bool cameras = true;               // glb: a camera node per view
    std::vector<OrbitPose> trajectory; // glb: an animated camera when not empty
    float fps = 30.0f;                 // glb: the trajectory's frame rate
    bool dedup = false;                // points, splat: drop points an earlier view already shows
    bool overwrite = false;
};

// Writes the scene to `out` and returns what was written (counts, bounds) as a flat JSON object.
// Throws Error naming the path or setting: an option the format does not hold, a path that does
// not fit the format, an existing output without overwrite, an unwritable folder.
nlohmann::json export_scene(const Scene& scene, const SceneExportOptions& options, const std::filesystem::path& out);

}  // namespace ivid

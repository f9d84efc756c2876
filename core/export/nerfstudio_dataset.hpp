// A scene as a nerfstudio dataset folder, so splatfacto or nerfacto can be trained on it
// (`ns-train splatfacto --data DIR`):
//   transforms.json   camera_model OPENCV (fl_x fl_y cx cy w h, zero distortion), frames[] with
//                     file_path, transform_matrix (camera-to-world, 4 rows, OpenGL axes as
//                     nerfstudio expects) and depth_file_path; ply_file_path for splatfacto's
//                     initial points; "ivid_export" records the version and the source scene
//   images/frame_00001.png ...   the views' colour
//   depths/frame_00001.png ...   z-depth as 16-bit PNG millimetres (nerfstudio's default
//                                depth_unit_scale_factor 1e-3 reads them back in scene units)
//   sparse_pc.ply                the views' surfaces as points, overlaps removed
// Written atomically (a temporary folder moved into place).
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/scene/scene.hpp"
#include "core/scene/scene_meshing.hpp"

namespace ivid {

inline constexpr int kNerfstudioExportVersion = 1;

// transforms.json for the scene (the file names as write_nerfstudio_dataset lays them out).
nlohmann::json nerfstudio_transforms(const Scene& scene);

struct NerfstudioExportSummary {
    int frames = 0;
    size_t points = 0;
};

NerfstudioExportSummary write_nerfstudio_dataset(const Scene& scene, const MeshingTolerances& meshing,
                                                 const std::filesystem::path& folder, bool overwrite);

}  // namespace ivid

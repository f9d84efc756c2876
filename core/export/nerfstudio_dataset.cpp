#include "core/export/nerfstudio_dataset.hpp"

#include <cstdio>
#include <string>

#include "core/export/export_conventions.hpp"
#include "core/export/float_depth.hpp"
#include "core/export/point_cloud_ply.hpp"
#include "core/export/view_surface.hpp"
#include "core/image/image_io.hpp"
#include "core/util/atomic_file.hpp"

namespace ivid {

namespace {

std::string frame_name(int index) {
    char name[32];
    std::snprintf(name, sizeof(name), "frame_%05d.png", index + 1);  // nerfstudio counts from 1
    return name;
}

nlohmann::json matrix_rows(const glm::dmat4& m) {
    nlohmann::json rows = nlohmann::json::array();
    for (int r = 0; r < 4; ++r) rows.push_back({m[0][r], m[1][r], m[2][r], m[3][r]});
    return rows;
}

}  // namespace

nlohmann::json nerfstudio_transforms(const Scene& scene) {
    const PinholeIntrinsics k = pinhole_intrinsics(scene.fov_deg, scene.image_size, scene.image_size);
    nlohmann::json frames = nlohmann::json::array();
    for (int v = 0; v < int(scene.views.size()); ++v)
        frames.push_back({{"file_path", "images/" + frame_name(v)},
                          {"transform_matrix", matrix_rows(camera_to_world(scene.views[size_t(v)].modelview))},
                          {"depth_file_path", "depths/" + frame_name(v)}});
    return {{"camera_model", "OPENCV"},
            {"fl_x", k.fl_x}, {"fl_y", k.fl_y}, {"cx", k.cx}, {"cy", k.cy}, {"w", k.width}, {"h", k.height},
            {"k1", 0.0}, {"k2", 0.0}, {"p1", 0.0}, {"p2", 0.0},
            {"frames", frames},
            {"ply_file_path", "sparse_pc.ply"},
            {"ivid_export", {{"version", kNerfstudioExportVersion},
                             {"generator", scene.provenance.generator},
                             {"depth_unit", "millimetres (16-bit PNG), z-depth along the camera axis"}}}};
}

NerfstudioExportSummary write_nerfstudio_dataset(const Scene& scene, const MeshingTolerances& meshing,
                                                 const std::filesystem::path& folder, bool overwrite) {
    std::vector<ViewSurface> surfaces = scene_surfaces(scene, meshing);
    remove_overlaps(scene, surfaces);
    const PlyVertexTable points = point_cloud_table(surfaces);
    NerfstudioExportSummary summary;
    summary.frames = int(scene.views.size());
    summary.points = points.rows();
    write_folder_atomically(folder, overwrite, [&](const std::filesystem::path& tmp) {
        std::filesystem::create_directories(tmp / "images");
        std::filesystem::create_directories(tmp / "depths");
        for (int v = 0; v < int(scene.views.size()); ++v) {
            const View& view = scene.views[size_t(v)];
            write_png(tmp / "images" / frame_name(v), view.color);
            write_png16(tmp / "depths" / frame_name(v), depth_millimetres(view.depth));
        }
        points.write(tmp / "sparse_pc.ply", "IVID Studio scene points (nerfstudio ply_file_path)", false);
        write_text_atomically(tmp / "transforms.json", nerfstudio_transforms(scene).dump(2) + "\n");
    });
    return summary;
}

}  // namespace ivid

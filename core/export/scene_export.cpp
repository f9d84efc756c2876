#include "core/export/scene_export.hpp"

#include <fstream>

#include "core/export/float_depth.hpp"
#include "core/export/gaussian_splat_ply.hpp"
#include "core/export/nerfstudio_dataset.hpp"
#include "core/export/point_cloud_ply.hpp"
#include "core/export/scene_gltf.hpp"
#include "core/export/view_surface.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"

namespace fs = std::filesystem;

namespace ivid {
namespace {

constexpr const char* kWhere = "scene export";

void write_bytes(const fs::path& out, const std::string& bytes) {
    write_file_atomically(out, [&](const fs::path& tmp) {
        std::ofstream file(tmp, std::ios::binary);
        file.write(bytes.data(), std::streamsize(bytes.size()));
        if (!file) throw Error(out.string() + ": cannot write");
    });
}

nlohmann::json export_glb(const Scene& scene, const SceneExportOptions& o, const fs::path& out) {
    GltfExportSettings settings;
    settings.meshing = o.meshing;
    settings.merge_views = o.merge_views;
    settings.cameras = o.cameras;
    settings.fps = o.fps;
    settings.trajectory = o.trajectory;
    GltfExportSummary s;
    const std::string bytes = scene_glb(scene, settings, &s);
    require_writable_destination(out, o.overwrite);
    write_bytes(out, bytes);
    return {{"vertices", s.vertices}, {"triangles", s.triangles}, {"meshes", s.meshes}, {"cameras", s.cameras},
            {"animation_keys", s.animation_keys}, {"bounds", {{"min", {s.min.x, s.min.y, s.min.z}}, {"max", {s.max.x, s.max.y, s.max.z}}}},
            {"bytes", bytes.size()}};
}

nlohmann::json export_ply(const Scene& scene, const SceneExportOptions& o, const fs::path& out) {
    const bool points = o.format == SceneExportFormat::Points;
    std::vector<ViewSurface> surfaces = scene_surfaces(scene, o.meshing);
    const size_t removed = o.dedup ? remove_overlaps(scene, surfaces) : 0;
    const PlyVertexTable table = points ? point_cloud_table(surfaces)
                                        : gaussian_splat_table(surfaces, scene.fov_deg, scene.image_size);
    table.write(out, points ? "IVID Studio point cloud" : "IVID Studio 3D Gaussian splats", o.overwrite);
    return {{points ? "points" : "splats", table.rows()}, {"overlaps_removed", removed}};
}

}  // namespace

SceneExportFormat parse_scene_export_format(const std::string& name) {
    return parse_enum(kSceneExportFormatNames, name, "", "format");
}

std::string scene_export_format_name(SceneExportFormat format) { return enum_name(kSceneExportFormatNames, format); }

std::string export_path_expectation(SceneExportFormat format) {
    switch (format) {
        case SceneExportFormat::Glb: return "FILE.glb";
        case SceneExportFormat::Points:
        case SceneExportFormat::Splat: return "FILE.ply";
        default: return "a folder name without extension";
    }
}

bool export_path_fits(SceneExportFormat format, const fs::path& out) {
    const std::string ext = out.extension().string();
    switch (format) {
        case SceneExportFormat::Glb: return ext == ".glb";
        case SceneExportFormat::Points:
        case SceneExportFormat::Splat: return ext == ".ply";
        default: return ext.empty() && !out.empty();
    }
}

nlohmann::json export_scene(const Scene& scene, const SceneExportOptions& o, const fs::path& out) {
    const bool ply = o.format == SceneExportFormat::Points || o.format == SceneExportFormat::Splat;
    if (!export_path_fits(o.format, out))
        throw Error::at(kWhere, "output path", export_path_expectation(o.format), "'" + out.string() + "'");
    if (!o.trajectory.empty() && o.format != SceneExportFormat::Glb)
        throw Error::at(kWhere, "trajectory", "glb (the only format holding a camera trajectory)",
                        scene_export_format_name(o.format));
    if (o.dedup && !ply) throw Error::at(kWhere, "dedup", "points or splat", scene_export_format_name(o.format));
    require_writable_destination(out, o.overwrite);
    switch (o.format) {
        case SceneExportFormat::Glb: return export_glb(scene, o, out);
        case SceneExportFormat::Points:
        case SceneExportFormat::Splat: return export_ply(scene, o, out);
        case SceneExportFormat::Nerfstudio: {
            const NerfstudioExportSummary s = write_nerfstudio_dataset(scene, o.meshing, out, o.overwrite);
            return {{"frames", s.frames}, {"points", s.points}};
        }
        case SceneExportFormat::Depth: {
            const FloatDepthSummary s = write_view_depths(scene, out, o.overwrite);
            return {{"files", s.files}, {"depth_range", {s.min_depth, s.max_depth}}};
        }
    }
    return {};
}

}  // namespace ivid

// ivid export: a scene in the formats other tools open - glTF binary (Blender, three.js, any
// glTF viewer), a point-cloud PLY, a 3D Gaussian Splatting PLY (SuperSplat, every 3DGS viewer), a
// nerfstudio dataset folder, and float depth (OpenEXR Z, 16-bit PNG millimetres). Every output is
// written under a temporary name and renamed when complete; an existing one needs --force.
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <string>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "app/cli/meshing_options.hpp"
#include "app/cli/trajectory_options.hpp"
#include "core/export/float_depth.hpp"
#include "core/export/gaussian_splat_ply.hpp"
#include "core/export/nerfstudio_dataset.hpp"
#include "core/export/point_cloud_ply.hpp"
#include "core/export/scene_gltf.hpp"
#include "core/export/view_surface.hpp"
#include "core/scene/scene_io.hpp"
#include "core/util/atomic_file.hpp"

namespace fs = std::filesystem;

namespace ivid::cli {
namespace {

enum class Format { Glb, Points, Splat, Nerfstudio, Depth };

Format format_from_name(const std::string& name) {
    if (name == "glb") return Format::Glb;
    if (name == "points") return Format::Points;
    if (name == "splat") return Format::Splat;
    if (name == "nerfstudio") return Format::Nerfstudio;
    if (name == "depth") return Format::Depth;
    throw UsageError("export: --format: expected glb, points, splat, nerfstudio or depth, found '" + name + "'");
}

// The extension each single-file format needs, so `--out scene.ply --format glb` is caught.
void check_extension(Format format, const fs::path& out) {
    const std::string ext = out.extension().string();
    const bool folder = format == Format::Nerfstudio || format == Format::Depth;
    if (folder && !ext.empty()) throw UsageError("export: --out: expected a folder name without extension, found '" + out.string() + "'");
    if (format == Format::Glb && ext != ".glb") throw UsageError("export: --out: expected FILE.glb, found '" + out.string() + "'");
    if ((format == Format::Points || format == Format::Splat) && ext != ".ply")
        throw UsageError("export: --out: expected FILE.ply, found '" + out.string() + "'");
}

void write_bytes(const fs::path& out, const std::string& bytes) {
    write_file_atomically(out, [&](const fs::path& tmp) {
        std::ofstream file(tmp, std::ios::binary);
        file.write(bytes.data(), std::streamsize(bytes.size()));
        if (!file) throw Error(out.string() + ": cannot write");
    });
}

nlohmann::json export_glb(const ArgParser& args, const Scene& scene, const MeshingTolerances& meshing, const fs::path& out,
                          bool overwrite) {
    GltfExportSettings settings;
    settings.meshing = meshing;
    settings.merge_views = args.is_set("merge");
    settings.cameras = !args.is_set("no-cameras");
    settings.fps = float(args.get_double_in("fps", 1e-3, 1000.0));
    if (args.is_set("traj")) {
        TrajectorySpec spec = trajectory_from_flags(args, "export");
        spec.random_seed = trajectory_seed(args, scene);
        settings.trajectory = trajectory_poses(spec);
    }
    GltfExportSummary s;
    const std::string bytes = scene_glb(scene, settings, &s);
    require_writable_destination(out, overwrite);
    write_bytes(out, bytes);
    return {{"vertices", s.vertices}, {"triangles", s.triangles}, {"meshes", s.meshes}, {"cameras", s.cameras},
            {"animation_keys", s.animation_keys}, {"bounds", {{"min", {s.min.x, s.min.y, s.min.z}}, {"max", {s.max.x, s.max.y, s.max.z}}}},
            {"bytes", bytes.size()}};
}

nlohmann::json export_ply(Format format, const ArgParser& args, const Scene& scene, const MeshingTolerances& meshing,
                          const fs::path& out, bool overwrite) {
    std::vector<ViewSurface> surfaces = scene_surfaces(scene, meshing);
    const size_t removed = args.is_set("dedup") ? remove_overlaps(scene, surfaces) : 0;
    const PlyVertexTable table = format == Format::Points ? point_cloud_table(surfaces)
                                                          : gaussian_splat_table(surfaces, scene.fov_deg, scene.image_size);
    table.write(out, format == Format::Points ? "IVID Studio point cloud" : "IVID Studio 3D Gaussian splats", overwrite);
    return {{format == Format::Points ? "points" : "splats", table.rows()}, {"overlaps_removed", removed}};
}

int run_export(const std::vector<std::string>& argv) {
    ArgParser args("export",
                   "Export a scene for other tools: glb (glTF 2.0 binary: meshes with vertex colours, the view\n"
                   "cameras, optionally an animated trajectory camera), points (PLY point cloud with normals and\n"
                   "colours), splat (3D Gaussian Splatting PLY), nerfstudio (a dataset folder: transforms.json,\n"
                   "images, 16-bit millimetre depth, initial points), depth (every view's z-depth as OpenEXR Z and\n"
                   "16-bit PNG millimetres). Axes and units: the README's \"Conventions\".");
    args.option("scene", "DIR", "scene folder", "", true);
    args.option("format", "glb|points|splat|nerfstudio|depth", "what to write", "", true);
    args.option("out", "PATH", "output file (.glb, .ply) or folder (nerfstudio, depth)", "", true);
    add_meshing_options(args);
    args.flag("merge", "glb: one mesh for all views instead of a node per view");
    args.flag("no-cameras", "glb: leave out the view cameras");
    add_trajectory_options(args, "");
    args.option("fps", "F", "glb: frame rate of the --traj camera animation", "30");
    args.flag("dedup", "points, splat: drop points an earlier view already shows");
    args.flag("force", "replace an existing output");
    args.flag("json", "print what was written as JSON");
    args.flag("quiet", "no summary");
    if (!args.parse(argv)) return 0;

    const Format format = format_from_name(args.get("format"));
    const fs::path out = args.get("out");
    const bool overwrite = args.is_set("force");
    check_extension(format, out);
    if (args.is_set("traj")) {
        if (format != Format::Glb) throw UsageError("export: --traj: only --format glb holds a camera trajectory");
        trajectory_from_flags(args, "export");  // flag errors before the scene loads
    }
    if (args.is_set("dedup") && format != Format::Points && format != Format::Splat)
        throw UsageError("export: --dedup: only for --format points and splat");
    require_writable_destination(out, overwrite);

    const Scene scene = load_scene(args.get("scene"));
    const MeshingTolerances meshing = selected_meshing(args, scene);
    nlohmann::json report = {{"format", args.get("format")}, {"out", out.string()}, {"meshing", to_json(meshing)}};
    switch (format) {
        case Format::Glb: report.update(export_glb(args, scene, meshing, out, overwrite)); break;
        case Format::Points:
        case Format::Splat: report.update(export_ply(format, args, scene, meshing, out, overwrite)); break;
        case Format::Nerfstudio: {
            const NerfstudioExportSummary s = write_nerfstudio_dataset(scene, meshing, out, overwrite);
            report.update({{"frames", s.frames}, {"points", s.points}});
            break;
        }
        case Format::Depth: {
            const FloatDepthSummary s = write_view_depths(scene, out, overwrite);
            report.update({{"files", s.files}, {"depth_range", {s.min_depth, s.max_depth}}});
            break;
        }
    }
    if (args.is_set("json")) {
        std::printf("%s\n", report.dump(2).c_str());
    } else if (!args.is_set("quiet")) {
        std::string details;
        for (const auto& [key, value] : report.items())
            if (key != "format" && key != "out" && key != "meshing" && value.is_number()) details += " " + key + " " + value.dump();
        std::printf("wrote %s (%s):%s\n", out.c_str(), args.get("format").c_str(), details.c_str());
    }
    return 0;
}

const CommandRegistration registration("export", "export a scene as glTF, point cloud, 3DGS splats, nerfstudio data or float depth",
                                       run_export);

}  // namespace
}  // namespace ivid::cli

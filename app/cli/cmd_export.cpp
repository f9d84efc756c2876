// ivid export: a scene in the formats other tools open - glTF binary (Blender, three.js, any
// glTF viewer), a point-cloud PLY, a 3D Gaussian Splatting PLY (SuperSplat, every 3DGS viewer), a
// nerfstudio dataset folder, and float depth (OpenEXR Z, 16-bit PNG millimetres). Every output is
// written under a temporary name and renamed when complete; an existing one needs --force.
#include <cstdio>
#include <filesystem>
#include <string>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "app/cli/meshing_options.hpp"
#include "app/cli/trajectory_options.hpp"
#include "core/export/scene_export.hpp"
#include "core/scene/scene_io.hpp"
#include "core/util/atomic_file.hpp"

namespace fs = std::filesystem;

namespace ivid::cli {
namespace {

// The flags' format, checked against the output path and the other flags before the scene loads.
SceneExportFormat format_from_flags(const ArgParser& args, const fs::path& out) {
    SceneExportFormat format;
    try {
        format = parse_scene_export_format(args.get("format"));
    } catch (const Error& e) {
        throw UsageError(std::string("export: --") + e.what());
    }
    if (!export_path_fits(format, out))
        throw UsageError("export: --out: expected " + export_path_expectation(format) + ", found '" + out.string() + "'");
    if (args.is_set("traj")) {
        if (format != SceneExportFormat::Glb) throw UsageError("export: --traj: only --format glb holds a camera trajectory");
        trajectory_from_flags(args, "export");  // flag errors before the scene loads
    }
    if (args.is_set("dedup") && format != SceneExportFormat::Points && format != SceneExportFormat::Splat)
        throw UsageError("export: --dedup: only for --format points and splat");
    return format;
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

    const fs::path out = args.get("out");
    SceneExportOptions options;
    options.format = format_from_flags(args, out);
    options.overwrite = args.is_set("force");
    require_writable_destination(out, options.overwrite);

    const Scene scene = load_scene(args.get("scene"));
    options.meshing = selected_meshing(args, scene);
    options.merge_views = args.is_set("merge");
    options.cameras = !args.is_set("no-cameras");
    options.fps = float(args.get_double_in("fps", 1e-3, 1000.0));
    options.dedup = args.is_set("dedup");
    if (args.is_set("traj")) {
        TrajectorySpec spec = trajectory_from_flags(args, "export");
        spec.random_seed = trajectory_seed(args, scene);
        options.trajectory = trajectory_poses(spec);
    }
    nlohmann::json report = {{"format", args.get("format")}, {"out", out.string()}, {"meshing", to_json(options.meshing)}};
    report.update(export_scene(scene, options, out));
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

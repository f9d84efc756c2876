// ivid export-path / import-path: the studio's keyframe paths (ivid-keyframes JSON) to and from
// nerfstudio's camera_path.json (what `ns-render camera-path` renders and its viewer loads).
#include <cstdio>
#include <string>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "core/export/nerfstudio_camera_path.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/json_fields.hpp"

namespace ivid::cli {
namespace {

int run_export_path(const std::vector<std::string>& argv) {
    ArgParser args("export-path",
                   "Write a keyframe path (the studio's Export panel / `ivid render --traj FILE.json`) as a nerfstudio\n"
                   "camera_path.json: its keyframes (timed by their transitions) and every frame's camera.");
    args.option("keyframes", "FILE.json", "ivid-keyframes file", "", true);
    args.option("out", "FILE.json", "camera_path.json to write", "", true);
    args.option("fov", "DEG", "vertical field of view (the scenes' cameras: 45)", "45");
    args.option("size", "WxH", "render size recorded in the path", "512x512");
    args.option("fps", "F", "frames per second", "30");
    args.option("frames", "N", "frames in camera_path[] (default: the path's duration x fps, plus one)");
    args.flag("force", "replace an existing output");
    args.flag("quiet", "no summary");
    if (!args.parse(argv)) return 0;

    CameraPathFormat format;
    format.fov_deg = args.get_double_in("fov", 1.0, 179.0);
    std::tie(format.width, format.height) = args.get_size("size");
    format.fps = args.get_double_in("fps", 1e-3, 1000.0);
    require_writable_destination(args.get("out"), args.is_set("force"));
    const KeyframePath path = load_keyframes(args.get("keyframes"));
    const int frames = args.is_set("frames") ? args.get_int_in("frames", 1, 100000) : camera_path_frames(path, format.fps);
    const nlohmann::json doc = nerfstudio_camera_path(path, format, frames);
    write_text_atomically(args.get("out"), doc.dump(2) + "\n");
    if (!args.is_set("quiet"))
        std::printf("wrote %s: %zu keyframes, %d frames at %g fps\n", args.get("out").c_str(), path.keys.size(), frames,
                    format.fps);
    return 0;
}

int run_import_path(const std::vector<std::string>& argv) {
    ArgParser args("import-path",
                   "Read a nerfstudio camera_path.json into an ivid-keyframes file for the studio's Export panel\n"
                   "and `ivid render --traj FILE.json`. Cameras must keep +y up (no roll).");
    args.option("camera-path", "FILE.json", "nerfstudio camera_path.json", "", true);
    args.option("out", "FILE.json", "ivid-keyframes file to write", "", true);
    args.option("from", "keyframes|frames", "nerfstudio's keyframes, or every rendered frame as a keyframe", "keyframes");
    args.flag("force", "replace an existing output");
    args.flag("quiet", "no summary");
    if (!args.parse(argv)) return 0;

    const std::string from = args.get("from");
    if (from != "keyframes" && from != "frames")
        throw UsageError("import-path: --from: expected keyframes or frames, found '" + from + "'");
    require_writable_destination(args.get("out"), args.is_set("force"));
    const std::string source = args.get("camera-path");
    const ImportedCameraPath imported = import_nerfstudio_camera_path(
        parse_json_file(source), source, from == "frames" ? CameraPathImport::Frames : CameraPathImport::Keyframes);
    save_keyframes(imported.path, args.get("out"));
    if (imported.fov_varies)
        std::fprintf(stderr, "ivid import-path: note: the cameras' fov varies; the studio renders with the scene's own fov\n");
    if (!args.is_set("quiet"))
        std::printf("wrote %s: %zu keyframes over %.3g s (fov %.4g, %dx%d, %g fps in the source)\n", args.get("out").c_str(),
                    imported.path.keys.size(), double(imported.path.keys.back().time), imported.format.fov_deg,
                    imported.format.width, imported.format.height, imported.format.fps);
    return 0;
}

const CommandRegistration export_registration("export-path", "write a keyframe path as a nerfstudio camera_path.json",
                                              run_export_path);
const CommandRegistration import_registration("import-path", "read a nerfstudio camera_path.json as a keyframe path",
                                              run_import_path);

}  // namespace
}  // namespace ivid::cli

// ivid render: a turntable of a scene through the fusion renderer, headless (EGL, or Xvfb), to an
// MP4 and/or a PNG sequence, with an optional colourised-depth MP4 and float-depth folders (EXR Z,
// 16-bit PNG millimetres) - the studio's Export panel from the command line.
#include <cstdio>
#include <filesystem>
#include <tuple>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "app/cli/interrupt_guard.hpp"
#include "app/cli/meshing_options.hpp"
#include "app/cli/render_speed_options.hpp"
#include "app/cli/settings_options.hpp"
#include "app/cli/trajectory_options.hpp"
#include "core/scene/scene_io.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/progress.hpp"
#include "render/headless_context.hpp"
#include "render/turntable_exporter.hpp"

namespace fs = std::filesystem;

namespace ivid::cli {
namespace {

// A folder given as DIR or DIR/, without its trailing slashes (the writers name DIR's siblings).
fs::path folder_path(std::string dir) {
    while (dir.size() > 1 && dir.back() == '/') dir.pop_back();
    return dir;
}

// --out FILE.mp4 is a video; DIR/ (or a name without extension) a PNG sequence.
void set_output(ExportSettings& settings, const std::string& out) {
    if (fs::path(out).extension() == ".mp4") {
        settings.video = out;
        return;
    }
    if (!fs::path(out).extension().empty() && out.back() != '/')
        throw UsageError("render: --out: expected FILE.mp4 or a folder DIR/, found '" + out + "'");
    settings.png_dir = folder_path(out);
}

// The flags over a --settings file's Export panel turntable and View panel look (without one,
// over the defaults: every flag's value counts). Outputs come from the flags alone.
ExportSettings settings_from(const ArgParser& args, const std::optional<StudioSettings>& file) try {
    ExportSettings s;
    if (file) {
        s = file->export_settings;  // the Export panel's turntable...
        s.render = file->render;    // ...with the View panel's look
        s.video = s.png_dir = s.depth_video = s.depth_exr_dir = s.depth_png16_dir = fs::path();
        s.overwrite = false;
    }
    const auto given = [&](const char* flag) { return !file || args.is_set(flag); };
    s.trajectory = trajectory_from_flags(args, "render", file ? std::optional(s.trajectory) : std::nullopt);
    set_output(s, args.get("out"));
    s.depth_video = args.get("depth-video");
    s.depth_exr_dir = folder_path(args.get("depth-exr"));
    s.depth_png16_dir = folder_path(args.get("depth-png16"));
    if (given("size")) std::tie(s.width, s.height) = args.get_size("size");
    if (given("fps")) s.fps = args.get_double("fps");
    if (given("mode")) s.render.blend_mode = parse_blend_mode(args.get("mode"));
    if (given("ssaa")) s.render.supersampling = args.get_int("ssaa");
    apply_render_speed_options(args, s.render);
    if (given("colormap")) s.depth_colormap = parse_colormap(args.get("colormap"));
    s.overwrite = args.is_set("force");
    validate(s);
    return s;
} catch (const UsageError&) {
    throw;
} catch (const Error& e) {  // a flag value out of range (names, sizes, fps...)
    throw UsageError(std::string("render: ") + e.what());
}

int run_render(const std::vector<std::string>& argv) {
    ArgParser args("render",
                   "Render a turntable of a scene with the fusion renderer (headless: EGL, no display needed)\n"
                   "to an H.264 MP4 or a PNG sequence, optionally with a colourised-depth MP4. Outputs are\n"
                   "written under temporary names and renamed when complete; Ctrl-C leaves nothing behind.");
    args.option("scene", "DIR", "scene folder", "", true);
    add_trajectory_options(args, "swing");
    args.option("size", "WxH", "frame size (even numbers, H.264)", "512x512");
    args.option("out", "FILE.mp4|DIR/", "output video, or a folder for a PNG sequence", "", true);
    args.option("mode", "ivid|depth-aware", "blend mode", "depth-aware");
    add_meshing_options(args);
    add_render_speed_options(args);
    args.option("ssaa", "K", "supersampling factor 1..4", "1");
    args.option("fps", "F", "frames per second of the video", "30");
    args.option("depth-video", "FILE.mp4", "also write the linear depth, colourised, as an MP4", "");
    args.option("colormap", "turbo|viridis|grey", "colormap of --depth-video", "turbo");
    args.option("depth-exr", "DIR", "also write every frame's z-depth as DIR/frame_00000.exr (float \"Z\")", "");
    args.option("depth-png16", "DIR", "also write every frame's z-depth as DIR/frame_00000.png (16-bit mm)", "");
    args.flag("force", "replace existing outputs");
    args.flag("quiet", "no progress bar or summary");
    add_settings_option(args);
    if (!args.parse(argv)) return 0;

    const std::optional<StudioSettings> file = settings_from_flag(args);
    ExportSettings settings = settings_from(args, file);
    const bool quiet = args.is_set("quiet");
    const InterruptGuard guard;
    require_distinct_outputs({{"--out", settings.video.empty() ? settings.png_dir : settings.video},
                              {"--depth-video", settings.depth_video},
                              {"--depth-exr", settings.depth_exr_dir},
                              {"--depth-png16", settings.depth_png16_dir}});
    // Refuse unwritable destinations before the (slow) scene load; the writers check again.
    for (const fs::path& out :
         {settings.video, settings.png_dir, settings.depth_video, settings.depth_exr_dir, settings.depth_png16_dir})
        if (!out.empty()) require_writable_destination(out, settings.overwrite);

    const Scene scene = load_scene(args.get("scene"));
    const TrajectorySpec* saved = file ? &file->export_settings.trajectory : nullptr;
    settings.trajectory.random_seed = saved && !args.is_set("traj-seed") && settings.trajectory.kind == saved->kind
                                          ? saved->random_seed
                                          : trajectory_seed(args, scene);
    HeadlessContext context;
    FusionRenderer renderer;
    renderer.set_scene(scene, selected_meshing(args, scene));
    TurntableExporter exporter(renderer, scene, settings);
    if (!exporter.codec_note().empty()) std::fprintf(stderr, "ivid render: note: %s\n", exporter.codec_note().c_str());

    ProgressBar bar("render", exporter.frame_count(), quiet);
    while (!guard.interrupted() && exporter.step()) bar.step();
    if (!exporter.finished()) {  // interrupted
        exporter.cancel();
        std::fprintf(stderr, "\nivid render: cancelled, nothing written\n");
        return guard.exit_code();
    }
    bar.finish();
    if (!quiet) {
        std::printf("rendered %d frames of %dx%d (%s, %s) with %s\n", exporter.frame_count(), settings.width,
                    settings.height, blend_mode_name(settings.render.blend_mode).c_str(),
                    trajectory_kind_name(settings.trajectory.kind).c_str(), context.description().c_str());
        for (const std::string& out : exporter.outputs()) std::printf("wrote %s\n", out.c_str());
    }
    return 0;
}

const CommandRegistration registration("render", "render a turntable of a scene to MP4 / PNG (headless)", run_render);

}  // namespace
}  // namespace ivid::cli

// ivid render: a turntable of a scene through the fusion renderer, headless (EGL, or Xvfb), to an
// MP4 and/or a PNG sequence, with an optional colourised-depth MP4 - the studio's Export panel
// from the command line.
#include <cstdio>
#include <filesystem>
#include <tuple>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "app/cli/meshing_options.hpp"
#include "app/cli/interrupt_guard.hpp"
#include "core/scene/scene_io.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/progress.hpp"
#include "gui/render/headless_context.hpp"
#include "gui/render/turntable_exporter.hpp"

namespace fs = std::filesystem;

namespace ivid::cli {
namespace {

// --out FILE.mp4 is a video; DIR/ (or a name without extension) a PNG sequence.
void set_output(ExportSettings& settings, std::string out) {
    if (fs::path(out).extension() == ".mp4") {
        settings.video = out;
        return;
    }
    if (!fs::path(out).extension().empty() && out.back() != '/')
        throw UsageError("render: --out: expected FILE.mp4 or a folder DIR/, found '" + out + "'");
    while (out.size() > 1 && out.back() == '/') out.pop_back();
    settings.png_dir = out;
}

void set_trajectory(ExportSettings& settings, const std::string& traj) {
    if (traj == "swing" || traj == "orbit" || traj == "random") {
        settings.trajectory = trajectory_kind_from_name(traj);
    } else if (fs::path(traj).extension() == ".json") {
        settings.trajectory = TrajectoryKind::Keyframes;
        settings.keyframes_file = traj;
    } else {
        throw UsageError("render: --traj: expected swing, orbit, random or a keyframes FILE.json, found '" + traj + "'");
    }
}

ExportSettings settings_from(const ArgParser& args) try {
    ExportSettings s;
    set_trajectory(s, args.get("traj"));
    set_output(s, args.get("out"));
    s.depth_video = args.get("depth-video");
    s.frames = args.get_int("frames");
    std::tie(s.width, s.height) = args.get_size("size");
    s.fps = args.get_double("fps");
    s.radius = float(args.get_double("radius"));
    s.orbit_pitch = float(args.get_double("pitch"));
    s.render.blend_mode = blend_mode_from_name(args.get("mode"));
    s.render.supersampling = args.get_int("ssaa");
    s.depth_colormap = colormap_from_name(args.get("colormap"));
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
    args.option("traj", "swing|orbit|random|FILE.json",
                "IVID's swing, a full orbit, IVID's random poses (yaw ~ N(0, 0.3), pitch ~ N(0, 0.15), clipped), or a keyframe path",
                "swing");
    args.option("traj-seed", "S", "seed of --traj random (default: the scene's seed, else 0)");
    args.option("frames", "N", "number of frames", "120");
    args.option("size", "WxH", "frame size (even numbers, H.264)", "512x512");
    args.option("out", "FILE.mp4|DIR/", "output video, or a folder for a PNG sequence", "", true);
    args.option("mode", "ivid|depth-aware", "blend mode", "depth-aware");
    add_meshing_options(args);
    args.option("ssaa", "K", "supersampling factor 1..4", "1");
    args.option("fps", "F", "frames per second of the video", "30");
    args.option("radius", "R", "orbit radius for swing and orbit (1 = the viewset's distance)", "1");
    args.option("pitch", "RAD", "pitch of --traj orbit, radians", "0.1");
    args.option("depth-video", "FILE.mp4", "also write the linear depth, colourised, as an MP4", "");
    args.option("colormap", "turbo|viridis|grey", "colormap of --depth-video", "turbo");
    args.flag("force", "replace existing outputs");
    args.flag("quiet", "no progress bar or summary");
    if (!args.parse(argv)) return 0;

    ExportSettings settings = settings_from(args);
    const bool quiet = args.is_set("quiet");
    const InterruptGuard guard;
    require_distinct_outputs({{"--out", settings.video.empty() ? settings.png_dir : settings.video},
                              {"--depth-video", settings.depth_video}});
    // Refuse unwritable destinations before the (slow) scene load; the writers check again.
    for (const fs::path& out : {settings.video, settings.png_dir, settings.depth_video})
        if (!out.empty()) require_writable_destination(out, settings.overwrite);

    const Scene scene = load_scene(args.get("scene"));
    settings.random_seed = args.is_set("traj-seed") ? args.get_seed("traj-seed") : scene.provenance.seed.value_or(0);
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
                    trajectory_kind_name(settings.trajectory).c_str(), context.description().c_str());
        for (const std::string& out : exporter.outputs()) std::printf("wrote %s\n", out.c_str());
    }
    return 0;
}

const CommandRegistration registration("render", "render a turntable of a scene to MP4 / PNG (headless)", run_render);

}  // namespace
}  // namespace ivid::cli

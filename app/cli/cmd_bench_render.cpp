// ivid bench render: frames per second of the fusion renderer on a scene, headless (EGL
// surfaceless, or a hidden window under X). The camera follows render.py's swing trajectory so
// every frame sees a new pose, and each frame is waited for (glFinish), as a viewer would.
// --versus-ivid times IVID mode in the same run, frame for frame interleaved with the mode
// measured (so a machine's drift hits both alike), and prints the speed-up. --versus-exact scores
// every frame against the same pose rendered exactly (at the output size from the full meshes).
// --interactive also times the frame a viewer shows while the camera moves and scores it, as
// shown on screen (scaled up, 8 bits), against the full frame of the same pose.
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <limits>

#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/bench.hpp"
#include "app/cli/meshing_options.hpp"
#include "app/cli/render_speed_options.hpp"
#include "core/geometry/camera.hpp"
#include "core/image/metrics.hpp"
#include "core/scene/scene_io.hpp"
#include "render/fusion_renderer.hpp"
#include "render/gl/framebuffer.hpp"
#include "render/gl/gl.hpp"
#include "render/headless_context.hpp"
#include "render/interactive_frame.hpp"

namespace ivid::cli {
namespace {

// glGetString as text ("" when the driver returns none), for comparing figures across machines.
std::string gl_string(GLenum name) {
    const auto* text = reinterpret_cast<const char*>(glGetString(name));
    return text ? text : "";
}

struct Timings {
    double mean_ms = 0, min_ms = 0, views_drawn = 0;
    int render_width = 0, render_height = 0;  // of the last frame
    double fps() const { return 1000.0 / mean_ms; }
};

// Renders `frames` poses of the swing (after `warmup` untimed ones), each waited for, under each
// of `variants` in turn at every pose: one Timings per variant.
std::vector<Timings> time_frames(FusionRenderer& renderer, const std::vector<OrbitPose>& poses, int frames,
                                 int warmup, int width, int height,
                                 const std::vector<FusionRenderSettings>& variants) {
    const auto timed_frame = [&](int i, const FusionRenderSettings& settings) {
        const auto start = std::chrono::steady_clock::now();
        renderer.render(orbit_modelview(poses[size_t(i) % poses.size()]), width, height, settings);
        glFinish();
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    };
    for (int i = 0; i < warmup; ++i)
        for (const FusionRenderSettings& settings : variants) timed_frame(i, settings);
    std::vector<Timings> timings(variants.size());
    for (Timings& t : timings) t.min_ms = std::numeric_limits<double>::infinity();
    for (int i = 0; i < frames; ++i)
        for (size_t v = 0; v < variants.size(); ++v) {
            const double ms = timed_frame(i, variants[v]);
            Timings& t = timings[v];
            t.mean_ms += ms / frames;
            t.min_ms = std::min(t.min_ms, ms);
            t.views_drawn += double(renderer.stats().views_drawn) / frames;
            t.render_width = renderer.stats().render_width;
            t.render_height = renderer.stats().render_height;
        }
    return timings;
}

Timings time_frames(FusionRenderer& renderer, const std::vector<OrbitPose>& poses, int frames, int warmup,
                    int width, int height, const FusionRenderSettings& settings) {
    return time_frames(renderer, poses, frames, warmup, width, height, std::vector{settings})[0];
}

// PSNR of each pose's frame under `settings` against the same pose rendered exactly: at the
// output size (max_detail 0) from the full meshes (no planar merging).
std::vector<double> exactness_psnr(FusionRenderer& renderer, const std::vector<OrbitPose>& poses, int frames,
                                   int width, int height, const FusionRenderSettings& settings) {
    FusionRenderSettings exact = settings;
    exact.max_detail = 0.0f;
    exact.merge_planar = false;
    std::vector<double> scores;
    for (int i = 0; i < frames; ++i) {
        const glm::mat4 modelview = orbit_modelview(poses[size_t(i) % poses.size()]);
        renderer.render(modelview, width, height, exact);
        const Image reference = renderer.read_color();
        renderer.render(modelview, width, height, settings);
        scores.push_back(psnr(renderer.read_color(), reference));
    }
    return scores;
}

// Mean and minimum of per-frame scores, JSON null where a score is infinite (identical frames).
struct ScoreSummary {
    double mean = 0, min = 0;
    explicit ScoreSummary(const std::vector<double>& scores) : min(*std::min_element(scores.begin(), scores.end())) {
        for (double s : scores) mean += s / double(scores.size());
    }
    static nlohmann::json json(double value) { return std::isfinite(value) ? nlohmann::json(value) : nlohmann::json(); }
};

// The last rendered frame as a window of width x height shows it (scaled with the same blit).
Image on_screen(const FusionRenderer& renderer, gl::Framebuffer& screen) {
    renderer.blit_color(screen.id(), 0, 0, screen.width(), screen.height());
    const ImageU8 rgba = screen.read_rgba();
    ImageU8 rgb(rgba.width, rgba.height, 3);
    for (size_t p = 0; p < rgb.pixel_count(); ++p)
        for (int c = 0; c < 3; ++c) rgb.data[3 * p + c] = rgba.data[4 * p + c];
    return from_u8(rgb);
}

// PSNR of the moving-camera frame against the full frame at each pose, both as shown on screen.
std::vector<double> interactive_psnr(FusionRenderer& renderer, const std::vector<OrbitPose>& poses, int frames,
                                     int width, int height, const FusionRenderSettings& full,
                                     const InteractiveFrame& moving) {
    gl::Framebuffer screen(width, height);
    std::vector<double> scores;
    for (int i = 0; i < frames; ++i) {
        const glm::mat4 modelview = orbit_modelview(poses[size_t(i) % poses.size()]);
        renderer.render(modelview, width, height, full);
        const Image reference = on_screen(renderer, screen);
        renderer.render(modelview, moving.width, moving.height, moving.settings);
        scores.push_back(psnr(on_screen(renderer, screen), reference));
    }
    return scores;
}

int run_bench_render(const std::vector<std::string>& argv) {
    ArgParser args("bench render", "Time the GPU fusion renderer (headless) along the swing trajectory.");
    args.option("scene", "DIR", "scene folder", "", true);
    args.option("size", "WxH", "output size", "512x512");
    args.option("frames", "N", "timed frames", "30");
    args.option("warmup", "W", "untimed frames first", "2");
    args.option("mode", "MODE", "blend mode: ivid or depth-aware", "depth-aware");
    add_meshing_options(args);
    args.option("ssaa", "K", "supersampling factor 1..4", "1");
    args.option("lod", "K", "mesh level of detail: 1 (full), 2 or 4", "1");
    args.option("max-views", "N", "depth-aware: draw only the N views that see the frame best, 0 = all",
                std::to_string(FusionRenderSettings::kDefaultMaxViews));
    add_render_speed_options(args);
    args.flag("versus-ivid", "also time IVID mode in the same run, interleaved frame for frame, and print the speed-up");
    args.flag("versus-exact", "also score every frame (PSNR) against the same pose rendered at the output size from "
                              "the full meshes (--max-detail 0 --merge-planar off)");
    args.flag("interactive", "also the frame a viewer shows while the camera moves: its speed, and its PSNR on screen "
                             "against the full frame");
    args.flag("json", "print the figures as JSON");
    if (!args.parse(argv)) return 0;

    const auto [width, height] = args.get_size("size");
    const int frames = args.get_int("frames"), warmup = args.get_int("warmup");
    if (frames < 1 || warmup < 0) throw UsageError("bench render: --frames must be >= 1, --warmup >= 0");
    FusionRenderSettings settings;
    try {
        settings.blend_mode = parse_blend_mode(args.get("mode"));
        settings.supersampling = args.get_int("ssaa");
        settings.mesh_lod = args.get_int("lod");
        settings.max_views = args.get_int("max-views");
        apply_render_speed_options(args, settings);
        validate(settings);
    } catch (const UsageError&) {
        throw;
    } catch (const Error& e) {
        throw UsageError(std::string("bench render: ") + e.what());
    }

    const Scene scene = load_scene(args.get("scene"));
    const HeadlessContext context;
    FusionRenderer renderer;
    renderer.set_scene(scene, selected_meshing(args, scene));  // the first also builds shaders and buffers
    // What the studio pays when a generated view arrives: meshing and uploading every view again.
    const auto upload_start = std::chrono::steady_clock::now();
    renderer.set_scene(scene, selected_meshing(args, scene));
    const double upload_ms =
        std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - upload_start).count();
    settings.fov_deg = scene.fov_deg;

    const std::vector<OrbitPose> poses = trajectory_swing(std::max(frames, 2));
    FusionRenderSettings ivid_mode = settings;
    ivid_mode.blend_mode = BlendMode::Ivid;
    const bool versus_ivid = args.is_set("versus-ivid");
    const std::vector<Timings> timed = time_frames(renderer, poses, frames, warmup, width, height,
                                                   versus_ivid ? std::vector{settings, ivid_mode} : std::vector{settings});
    const Timings& full = timed[0];
    const std::string mode = blend_mode_name(settings.blend_mode);
    nlohmann::json j = {{"scene", args.get("scene")}, {"views", renderer.view_count()},
                        {"views_drawn_mean", full.views_drawn}, {"image_size", scene.image_size},
                        {"width", width}, {"height", height}, {"ssaa", settings.supersampling},
                        {"lod", settings.mesh_lod}, {"max_views", settings.max_views},
                        {"max_detail", settings.max_detail}, {"merge_planar", settings.merge_planar},
                        {"render_width", full.render_width}, {"render_height", full.render_height},
                        {"mode", mode}, {"frames", frames}, {"ms_per_frame", full.mean_ms},
                        {"ms_per_frame_min", full.min_ms}, {"fps", full.fps()}, {"scene_upload_ms", upload_ms},
                        {"gl", context.description()},
                        {"gl_renderer", gl_string(GL_RENDERER)}, {"gl_vendor", gl_string(GL_VENDOR)},
                        {"gl_version", gl_string(GL_VERSION)}};
    if (!args.is_set("json")) {
        std::printf("fusion %s, %d views of %dx%d -> %dx%d (rendered at %dx%d), ssaa %d, lod %d, max views %d, "
                    "max detail %g, merge planar %s, %s\n",
                    mode.c_str(), renderer.view_count(), scene.image_size, scene.image_size, width, height,
                    full.render_width, full.render_height, settings.supersampling,
                    settings.mesh_lod, settings.max_views, settings.max_detail, settings.merge_planar ? "on" : "off",
                    context.description().c_str());
        std::printf("%.2f frames/s, %.2f ms per frame (min %.2f over %d frames, %.1f views drawn on average); "
                    "scene meshed and uploaded in %.1f ms\n",
                    full.fps(), full.mean_ms, full.min_ms, frames, full.views_drawn, upload_ms);
    }
    if (versus_ivid) {
        const Timings& ivid = timed[1];
        j["versus_ivid"] = {{"ms_per_frame", ivid.mean_ms}, {"ms_per_frame_min", ivid.min_ms}, {"fps", ivid.fps()},
                            {"speedup", ivid.mean_ms / full.mean_ms}, {"speedup_min", ivid.min_ms / full.min_ms}};
        if (!args.is_set("json"))
            std::printf("IVID mode, interleaved: %.2f frames/s, %.2f ms per frame (min %.2f): %s is %.2fx faster "
                        "(%.2fx by the minimum)\n",
                        ivid.fps(), ivid.mean_ms, ivid.min_ms, mode.c_str(), ivid.mean_ms / full.mean_ms,
                        ivid.min_ms / full.min_ms);
    }
    if (args.is_set("versus-exact")) {
        const ScoreSummary exactness(exactness_psnr(renderer, poses, frames, width, height, settings));
        j["versus_exact"] = {{"psnr", ScoreSummary::json(exactness.mean)},
                             {"psnr_min", ScoreSummary::json(exactness.min)}};
        if (!args.is_set("json"))
            std::printf("against the exact frames (output size, full meshes): PSNR %.2f dB (min %.2f)\n",
                        exactness.mean, exactness.min);
    }
    if (args.is_set("interactive")) {
        // As the studio does: the full frames' time sizes the first moving frames, then each
        // moving frame's own time the next (warmup frames let the size settle).
        InteractiveFrames sizing;
        sizing.full_frame_took(full.mean_ms);
        for (int i = 0; i < std::max(warmup, 10); ++i) {
            const InteractiveFrame moving = sizing.frame(settings, width, height);
            sizing.moving_frame_took(time_frames(renderer, poses, 1, 0, moving.width, moving.height, moving.settings).mean_ms);
        }
        const InteractiveFrame moving = sizing.frame(settings, width, height);
        const Timings drag = time_frames(renderer, poses, frames, 0, moving.width, moving.height, moving.settings);
        const ScoreSummary scores(interactive_psnr(renderer, poses, frames, width, height, settings, moving));
        const double mean_psnr = scores.mean, min_psnr = scores.min;
        j["interactive"] = {{"width", moving.width}, {"height", moving.height}, {"lod", moving.settings.mesh_lod},
                            {"max_views", moving.settings.max_views}, {"ms_per_frame", drag.mean_ms},
                            {"ms_per_frame_min", drag.min_ms}, {"fps", drag.fps()},
                            {"psnr_vs_full", ScoreSummary::json(mean_psnr)},
                            {"psnr_vs_full_min", ScoreSummary::json(min_psnr)}};
        if (!args.is_set("json"))
            std::printf("while moving: %dx%d, lod %d, max views %d: %.2f frames/s, %.2f ms per frame (min %.2f); "
                        "on screen vs the full frame: PSNR %.2f dB (min %.2f)\n",
                        moving.width, moving.height, moving.settings.mesh_lod, moving.settings.max_views, drag.fps(),
                        drag.mean_ms, drag.min_ms, mean_psnr, min_psnr);
    }
    if (args.is_set("json")) std::printf("%s\n", j.dump().c_str());
    return 0;
}

BenchRegistration reg("render", "time the GPU fusion renderer (frames per second)", run_bench_render);

}  // namespace
}  // namespace ivid::cli

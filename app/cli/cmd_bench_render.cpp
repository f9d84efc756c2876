// ivid bench render: frames per second of the fusion renderer on a scene, headless (EGL
// surfaceless, or a hidden window under X). The camera follows render.py's swing trajectory so
// every frame sees a new pose, and each frame is waited for (glFinish), as a viewer would.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/bench.hpp"
#include "app/cli/meshing_options.hpp"
#include "core/geometry/camera.hpp"
#include "core/scene/scene_io.hpp"
#include "render/fusion_renderer.hpp"
#include "render/gl/gl.hpp"
#include "render/headless_context.hpp"

namespace ivid::cli {
namespace {

// glGetString as text ("" when the driver returns none), for comparing figures across machines.
std::string gl_string(GLenum name) {
    const auto* text = reinterpret_cast<const char*>(glGetString(name));
    return text ? text : "";
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
        validate(settings);
    } catch (const UsageError&) {
        throw;
    } catch (const Error& e) {
        throw UsageError(std::string("bench render: ") + e.what());
    }

    const Scene scene = load_scene(args.get("scene"));
    const HeadlessContext context;
    FusionRenderer renderer;
    renderer.set_scene(scene, selected_meshing(args, scene));
    settings.fov_deg = scene.fov_deg;

    const std::vector<OrbitPose> poses = trajectory_swing(std::max(frames, 2));
    auto timed_frame = [&](int i) {
        const auto start = std::chrono::steady_clock::now();
        renderer.render(orbit_modelview(poses[size_t(i) % poses.size()]), width, height, settings);
        glFinish();
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    };
    for (int i = 0; i < warmup; ++i) timed_frame(i);
    std::vector<double> ms;
    double views_drawn = 0;
    for (int i = 0; i < frames; ++i) {
        ms.push_back(timed_frame(i));
        views_drawn += double(renderer.stats().views_drawn) / frames;
    }
    double total = 0;
    for (double v : ms) total += v;
    const double mean = total / frames, best = *std::min_element(ms.begin(), ms.end());
    const double fps = 1000.0 / mean;
    const std::string mode = blend_mode_name(settings.blend_mode);

    if (args.is_set("json")) {
        const nlohmann::json j = {{"scene", args.get("scene")}, {"views", renderer.view_count()},
                                  {"views_drawn_mean", views_drawn}, {"image_size", scene.image_size},
                                  {"width", width}, {"height", height}, {"ssaa", settings.supersampling},
                                  {"lod", settings.mesh_lod}, {"max_views", settings.max_views},
                                  {"mode", mode}, {"frames", frames}, {"ms_per_frame", mean},
                                  {"ms_per_frame_min", best}, {"fps", fps}, {"gl", context.description()},
                                  {"gl_renderer", gl_string(GL_RENDERER)}, {"gl_vendor", gl_string(GL_VENDOR)},
                                  {"gl_version", gl_string(GL_VERSION)}};
        std::printf("%s\n", j.dump().c_str());
    } else {
        std::printf("fusion %s, %d views of %dx%d -> %dx%d, ssaa %d, lod %d, max views %d, %s\n", mode.c_str(),
                    renderer.view_count(), scene.image_size, scene.image_size, width, height, settings.supersampling,
                    settings.mesh_lod, settings.max_views, context.description().c_str());
        std::printf("%.2f frames/s, %.2f ms per frame (min %.2f over %d frames, %.1f views drawn on average)\n", fps,
                    mean, best, frames, views_drawn);
    }
    return 0;
}

BenchRegistration reg("render", "time the GPU fusion renderer (frames per second)", run_bench_render);

}  // namespace
}  // namespace ivid::cli

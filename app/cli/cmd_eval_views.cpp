// ivid eval-views: free-view quality of the two blend modes against exact ground truth. The
// synthetic world renders exact colour from ANY camera, so for each seed the 3x9 viewset is
// rendered, fused by the fusion renderer along trajectories on, between and beyond the viewset,
// and every fused frame is compared with the ray-cast frame at the same pose (PSNR, SSIM).
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <map>
#include <numeric>
#include <string>
#include <vector>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "app/cli/meshing_options.hpp"
#include "app/cli/settings_options.hpp"
#include "core/geometry/camera.hpp"
#include "core/image/image_io.hpp"
#include "core/image/metrics.hpp"
#include "core/scene/synth_render.hpp"
#include "core/util/progress.hpp"
#include "gui/render/fusion_renderer.hpp"
#include "gui/render/headless_context.hpp"

namespace ivid::cli {
namespace {

// The 3x9 viewset spans yaw -0.6..0.6 in steps of 0.15 and pitch -0.15..0.15.
struct Trajectory {
    std::string name;
    std::string description;
    std::vector<OrbitPose> poses;
};

OrbitPose pose_at(double yaw, double pitch, double radius = 1.0) {
    return OrbitPose{float(yaw), float(pitch), float(radius), glm::vec3(0.0f)};
}

double spread(int i, int frames, double lo, double hi) {
    return frames == 1 ? 0.5 * (lo + hi) : lo + (hi - lo) * i / (frames - 1);
}

std::vector<Trajectory> evaluation_trajectories(int frames) {
    std::vector<Trajectory> list = {
        {"on-views", "generated poses themselves (yaw -0.6..0.6, pitch 0 and +-0.15)", {}},
        {"between", "midway between neighbouring views (yaw -0.525..0.525, pitch +-0.075)", {}},
        {"swing", "IVID's swing: yaw 0.6 cos t, pitch 0.15 sin t (edge of the covered range)", {}},
        {"zoom-in", "swing at 80% of the radius: yaw 0.45 cos t, pitch 0.1 sin t, radius 0.8", {}},
        {"beyond", "arc beyond the viewset: yaw -0.9..0.9 at pitch 0.25", {}},
    };
    const double two_pi = 2.0 * std::acos(-1.0);
    for (int i = 0; i < frames; ++i) {
        const double t = two_pi * i / frames;  // one period, no repeated end pose
        list[0].poses.push_back(pose_at(0.15 * std::round(spread(i, frames, -4.0, 4.0)),
                                        0.15 * ((i % 3) - 1)));
        list[1].poses.push_back(pose_at(spread(i, frames, -0.525, 0.525), i % 2 ? 0.075 : -0.075));
        list[2].poses.push_back(pose_at(0.6 * std::cos(t), 0.15 * std::sin(t)));
        list[3].poses.push_back(pose_at(0.45 * std::cos(t), 0.1 * std::sin(t), 0.8));
        list[4].poses.push_back(pose_at(spread(i, frames, -0.9, 0.9), 0.25));
    }
    return list;
}

// "1-4", "3", "1,5,9" or a mix: the seeds in order.
struct Score {
    std::vector<double> psnr, ssim;
    double mean_psnr() const { return std::accumulate(psnr.begin(), psnr.end(), 0.0) / double(psnr.size()); }
    double mean_ssim() const { return std::accumulate(ssim.begin(), ssim.end(), 0.0) / double(ssim.size()); }
};

int run_eval_views(const std::vector<std::string>& argv) {
    ArgParser args("eval-views",
                   "Free-view quality of the blend modes against exact ground truth: for each seed a synthetic\n"
                   "world's 3x9 viewset is fused along trajectories on, between and beyond the viewset, and\n"
                   "every frame is compared with the world ray-cast at that pose (PSNR in dB, SSIM).");
    args.option("seeds", "LIST", "world seeds: N, A-B or a comma-separated list", "1-4");
    args.option("size", "PIXELS", "view and frame size (square)", "128");
    args.option("spp", "N", "ground-truth samples per pixel (views and references alike)", "4");
    args.option("frames", "N", "poses per trajectory", "8");
    args.option("ssaa", "K", "supersampling of the fused frames, 1..4", "1");
    args.option("lod", "K", "mesh level of detail of the fused frames: 1 (full), 2 or 4", "1");
    add_meshing_options(args);
    args.option("max-views", "N", "depth-aware: draw only the N views that see the frame best, 0 = all",
                std::to_string(FusionRenderSettings::kDefaultMaxViews));
    args.option("save-frames", "DIR", "also write every frame as PNG: ground truth and both modes", "");
    args.flag("json", "print the results as JSON");
    args.flag("quiet", "no progress bar");
    add_settings_option(args);
    if (!args.parse(argv)) return 0;
    const std::vector<uint64_t> seeds = args.get_seed_list("seeds", 1000);
    const int size = args.get_size("size").first, frames = args.get_int("frames"), spp = args.get_int("spp");
    if (args.get_size("size").second != size || size < 16 || size > 1024)
        throw UsageError("eval-views: --size: expected one number 16..1024, found '" + args.get("size") + "'");
    if (frames < 1 || frames > 1000) throw UsageError("eval-views: --frames: expected 1..1000");
    if (spp < 1 || spp > 256) throw UsageError("eval-views: --spp: expected 1..256");

    const std::vector<Trajectory> trajectories = evaluation_trajectories(frames);
    const std::vector<BlendMode> modes = {BlendMode::Ivid, BlendMode::DepthAware};
    // The View panel's look of a --settings file (both blend modes are scored whatever it says),
    // with the flags given over it.
    const std::optional<StudioSettings> file = settings_from_flag(args);
    FusionRenderSettings settings = file ? file->render : FusionRenderSettings{};
    const auto given = [&](const char* flag) { return !file || args.is_set(flag); };
    if (given("ssaa")) settings.supersampling = args.get_int("ssaa");
    if (given("lod")) settings.mesh_lod = args.get_int("lod");
    if (given("max-views")) settings.max_views = args.get_int("max-views");
    try {
        validate(settings);
    } catch (const Error& e) {
        throw UsageError(std::string("eval-views: ") + e.what());
    }

    const std::filesystem::path frames_dir = args.get("save-frames");
    if (!frames_dir.empty()) std::filesystem::create_directories(frames_dir);
    // DIR/seed1_swing_03_truth.png, ..._ivid.png, ..._depth-aware.png
    const auto save = [&](uint64_t seed, const std::string& trajectory, size_t i, const std::string& what,
                          const Image& image) {
        if (frames_dir.empty()) return;
        char index[8];
        std::snprintf(index, sizeof index, "%02zu", i);
        write_png(frames_dir / ("seed" + std::to_string(seed) + "_" + trajectory + "_" + index + "_" + what + ".png"),
                  to_u8_truncate(image));
    };

    HeadlessContext context;
    FusionRenderer renderer;
    std::map<std::string, std::map<BlendMode, Score>> scores;  // trajectory -> mode -> frames
    ProgressBar bar("eval-views", int(seeds.size()) * (27 + frames * int(trajectories.size())),
                    args.is_set("quiet"));
    for (uint64_t seed : seeds) {
        synth::SynthSettings synth;
        synth.seed = seed;
        synth.poses = viewset_3x9();
        synth.image_size = size;
        synth.samples_per_pixel = spp;
        const Scene scene = synth::render_synthetic_scene(synth, [&] { bar.step(); });
        renderer.set_scene(scene, selected_meshing(args, scene));
        settings.fov_deg = scene.fov_deg;
        const synth::SynthWorld world = synth::make_synth_world(seed);
        for (const Trajectory& trajectory : trajectories)
            for (size_t i = 0; i < trajectory.poses.size(); ++i) {
                const glm::mat4 modelview = orbit_modelview(trajectory.poses[i]);
                // A sampling seed of its own, unlike any view's, so jitter never matches by chance.
                const Image truth = from_u8(synth::render_synth_view(world, modelview, size, scene.fov_deg, spp,
                                                                     ~(seed * 1000003u + i)).color);
                save(seed, trajectory.name, i, "truth", truth);
                for (BlendMode mode : modes) {
                    settings.blend_mode = mode;
                    renderer.render(modelview, size, size, settings);
                    const Image fused = renderer.read_color();
                    save(seed, trajectory.name, i, blend_mode_name(mode), fused);
                    scores[trajectory.name][mode].psnr.push_back(psnr(fused, truth));
                    scores[trajectory.name][mode].ssim.push_back(ssim(fused, truth));
                }
                bar.step();
            }
    }
    bar.finish();

    if (args.is_set("json")) {
        nlohmann::json out = {{"seeds", seeds}, {"size", size}, {"spp", spp}, {"frames", frames},
                              {"supersampling", settings.supersampling}, {"renderer", context.description()}};
        nlohmann::json fusion;
        to_json(fusion, settings);
        fusion.erase("blend_mode");
        out["fusion_settings"] = fusion;
        for (const Trajectory& t : trajectories) {
            nlohmann::json entry = {{"name", t.name}, {"description", t.description}};
            for (BlendMode mode : modes) {
                const Score& s = scores[t.name][mode];
                entry[blend_mode_name(mode)] = {{"psnr", s.mean_psnr()}, {"ssim", s.mean_ssim()},
                                                {"psnr_frames", s.psnr}, {"ssim_frames", s.ssim}};
            }
            out["trajectories"].push_back(entry);
        }
        std::printf("%s\n", out.dump(2).c_str());
        return 0;
    }
    std::printf("| trajectory | poses | PSNR IVID | PSNR depth-aware | SSIM IVID | SSIM depth-aware |\n");
    std::printf("|---|---|---|---|---|---|\n");
    for (const Trajectory& t : trajectories) {
        const Score& a = scores[t.name][BlendMode::Ivid];
        const Score& b = scores[t.name][BlendMode::DepthAware];
        std::printf("| %s | %s | %.2f | %.2f | %.4f | %.4f |\n", t.name.c_str(), t.description.c_str(), a.mean_psnr(),
                    b.mean_psnr(), a.mean_ssim(), b.mean_ssim());
    }
    std::printf("\n%zu seeds x %d poses per trajectory, %dx%d, %d spp ground truth; depth-aware max views %d; "
                "renderer: %s\n",
                seeds.size(), frames, size, size, spp, settings.max_views, context.description().c_str());
    return 0;
}

const CommandRegistration registration("eval-views",
                                       "free-view quality of the blend modes vs exact ground truth (PSNR, SSIM)",
                                       run_eval_views);

}  // namespace
}  // namespace ivid::cli

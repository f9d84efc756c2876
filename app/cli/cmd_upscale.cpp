// ivid upscale: the super-resolution stage on an existing scene: every view upsampled by an SR
// model (the pack's, or IVID SuperResCFG files), the base-resolution views kept beside them.
#include <cstdio>
#include <optional>

#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/thread_options.hpp"
#include "app/cli/command.hpp"
#include "app/cli/interrupt_guard.hpp"
#include "app/cli/model_options.hpp"
#include "core/diffusion/sampling_run.hpp"
#include "core/nn/compute_device.hpp"
#include "core/pipeline/super_resolution.hpp"
#include "core/scene/scene_io.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"
#include "core/util/progress.hpp"

namespace ivid::cli {
namespace {

using namespace ivid::pipeline;

// The SR model: --sr-config/--sr-ckpt, else the pack's (--models, else the default pack).
ModelPack superres_pack(const ArgParser& args, UpscaleSettings& settings) {
    ModelPack pack;
    if (!args.is_set("sr-config")) {
        if (args.is_set("models")) pack = load_model_pack(args.get("models"));
        else pack = load_default_model_pack();
    } else if (args.is_set("models")) {
        throw UsageError("upscale: give either --models DIR or --sr-config and --sr-ckpt, not both");
    }
    settings = selected_upscale_settings(args, pack, "upscale");
    if (!pack.models.super_resolution)
        throw UsageError("upscale: the model pack " + pack.dir.string() +
                         " has no super-resolution model; give --sr-config and --sr-ckpt");
    return pack;
}

int run_upscale(const std::vector<std::string>& argv) {
    ArgParser args("upscale",
                   "Upsample every view of a scene with a super-resolution diffusion model (IVID's SuperResCFG):\n"
                   "colour and depth together, conditioned on the view. The new scene keeps the base-resolution\n"
                   "views beside the upsampled ones. Without model arguments the default pack's SR model is used.");
    args.option("scene", "DIR", "scene folder to upsample", "", true);
    args.option("out", "DIR", "scene folder to write", "", true);
    args.option("models", "DIR", "model pack folder with a super_resolution model");
    add_superres_options(args);
    args.option("seed", "S", "noise seed (default: the scene's seed, else 0)");
    args.option("device", "cpu|cuda", "where the network runs", "cpu");
    add_compute_threads_option(args);
    args.flag("force", "replace an existing --out");
    args.flag("quiet", "no progress bar");
    args.flag("json", "print a JSON summary on stdout");
    if (!args.parse(argv)) return 0;

    const std::filesystem::path in = args.get("scene"), out = args.get("out");
    require_distinct_outputs({{"--scene", in}, {"--out", out}});
    UpscaleSettings settings;
    const ModelPack pack = superres_pack(args, settings);
    Scene scene = load_scene(in);
    const uint64_t seed = args.is_set("seed") ? args.get_seed("seed") : scene.provenance.seed.value_or(0);
    const ModelFiles& files = *pack.models.super_resolution;
    nn::ModelConfig config = nn::load_model_config(files.config);
    check_scene_upscalable(scene);
    check_superres_model(config);
    check_superres_start(config, settings.sampler);
    check_superres_fits(config, scene.image_size);
    require_writable_destination(out, args.is_set("force"));
    nn::set_compute_threads(args.get_int("threads"));
    const LoadedModel model = load_model(files, std::move(config), "super_resolution", nn::select_device(args.get("device")));

    const bool quiet = args.is_set("quiet") || args.is_set("json");
    const int views = int(scene.views.size());
    ProgressBar bar("upscale", super_resolution_steps(settings, views), quiet);
    const InterruptGuard guard;
    const auto on_progress = [&](const UpscaleProgress& p) {
        if (p.step == 0)
            bar.set_status("view " + std::to_string(p.view + 1) +
                           (p.batch_views > 1 ? "-" + std::to_string(p.view + p.batch_views) : "") + "/" +
                           std::to_string(p.views));
        else
            bar.step();
    };
    try {
        upscale_scene(scene, model, settings, seed, on_progress, &guard.interrupted());
    } catch (const diffusion::SamplingCancelled& e) {
        std::fprintf(stderr, "\nupscale: %s; nothing was written\n", e.what());
        return guard.exit_code();
    }
    bar.finish();
    save_scene(scene, out, args.is_set("force"));

    const double seconds = scene.provenance.extra["super_resolution"]["seconds"].get<double>();
    if (args.is_set("json")) {
        const nlohmann::json summary = {{"out", out.string()}, {"views", views}, {"image_size", scene.image_size},
                                        {"base_image_size", scene.base_image_size}, {"mode", upscale_mode_name(settings.mode)},
                                        {"seed", seed}, {"seconds", seconds}};
        std::printf("%s\n", summary.dump(2).c_str());
    } else if (!args.is_set("quiet")) {
        std::printf("wrote %s: %d views upsampled %dx%d -> %dx%d (%s) in %.1f s\n", out.string().c_str(), views,
                    scene.base_image_size, scene.base_image_size, scene.image_size, scene.image_size,
                    upscale_mode_name(settings.mode).c_str(), seconds);
    }
    return 0;
}

CommandRegistration reg("upscale", "upsample a scene's views with a super-resolution model", run_upscale);

}  // namespace
}  // namespace ivid::cli

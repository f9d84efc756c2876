// ivid eval: generation quality of a model pack against exact synthetic ground truth (see
// core/eval/model_eval.hpp for what is measured).
#include <cmath>
#include <cstdio>
#include <iostream>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "app/cli/model_options.hpp"
#include "core/eval/model_eval.hpp"
#include "core/eval/superres_eval.hpp"
#include "core/nn/compute_device.hpp"
#include "core/pipeline/generation_models.hpp"
#include "core/util/progress.hpp"

namespace ivid::cli {
namespace {

void print_row(const char* name, const eval::RegionScores& m, const eval::RegionScores& b) {
    std::printf("| %s | %.2f | %.2f | %.4f | %.4f | %.4f | %.4f |\n", name, m.psnr, b.psnr, m.ssim, b.ssim,
                m.depth_abs_rel, b.depth_abs_rel);
}

void print_superres_row(const std::string& name, const eval::RegionScores& s, const eval::ConsistencyScore& c) {
    std::printf("| %s | %.2f | %.4f | %.4f | %.4f | %.2f |\n", name.c_str(), s.psnr, s.ssim, s.depth_abs_rel,
                c.depth_abs_rel, c.psnr);
}

// --stage sr: the pack's SR model (or --sr-config/--sr-ckpt) against Lanczos on true views.
int run_superres_eval(const ArgParser& args) {
    pipeline::ModelPack pack = selected_model_pack(args, "eval");
    eval::SuperResEvalSettings settings;
    settings.upscale = selected_upscale_settings(args, pack, "eval");
    if (!pack.models.super_resolution)
        throw UsageError("eval: --stage sr: the model pack has no super-resolution model (give --sr-config and --sr-ckpt)");
    if (args.is_set("sr-mode")) settings.modes = {settings.upscale.mode};
    std::tie(settings.first_seed, settings.last_seed) = args.get_seed_range("seeds");
    settings.samples_per_pixel = args.get_int_in("spp", 1, 64);
    settings.viewset = args.get("viewset");
    if (args.is_set("crops")) settings.crops = args.get("crops");
    nn::set_compute_threads(args.get_int_in("threads", 0, 1024));
    const int base_size = nn::load_model_config(pack.models.unconditional.config).backbone.image_size;
    const pipeline::ModelFiles& files = *pack.models.super_resolution;
    nn::ModelConfig config = nn::load_model_config(files.config);
    pipeline::check_superres_model(config);
    pipeline::check_superres_start(config, settings.upscale.sampler);
    pipeline::check_superres_fits(config, base_size);
    const pipeline::LoadedModel model =
        pipeline::load_model(files, std::move(config), "super_resolution", nn::select_device(args.get("device")));
    const bool quiet = args.is_set("quiet") || args.is_set("json");
    ProgressBar bar("eval sr", int(settings.last_seed - settings.first_seed + 1) * int(1 + settings.modes.size()), quiet);
    const eval::SuperResEvalReport report = eval::evaluate_superres(model, base_size, settings, [&](int, int) { bar.step(); });
    bar.finish();
    if (args.is_set("json")) {
        std::cout << report.to_json().dump(2) << "\n";
        return 0;
    }
    if (quiet) return 0;
    std::printf("%d scenes, %d views, %dx%d -> %dx%d, %.0f s\n\n", report.scenes, report.views, report.base_size,
                report.base_size, report.size, report.size, report.seconds);
    std::printf("| upsampling | PSNR | SSIM | depth abs-rel | reprojection depth abs-rel | reprojection PSNR |\n");
    std::printf("|---|---|---|---|---|---|\n");
    print_superres_row("Lanczos", report.lanczos, report.lanczos_consistency);
    for (const eval::SuperResModeReport& m : report.modes)
        print_superres_row("SR " + pipeline::upscale_mode_name(m.mode) + " (" + std::to_string(int(m.seconds)) + " s)",
                           m.scores, m.consistency);
    std::printf("| truth (reference) | - | - | - | %.4f | %.2f |\n", report.truth_consistency.depth_abs_rel,
                report.truth_consistency.psnr);
    return 0;
}

int run_eval(const std::vector<std::string>& argv) {
    ArgParser args("eval",
                   "Measure a model pack on synthetic worlds with exact ground truth (use seeds not used in\n"
                   "training). The conditional model completes the true first view warped to the other 3x9\n"
                   "poses and is compared with the true views and with OpenCV Telea inpainting of the same\n"
                   "holes; whole generated scenes are scored by multi-view reprojection consistency.");
    add_model_options(args);
    add_superres_options(args);
    args.option("stage", "base|sr", "what to measure: the base models, or the pack's super-resolution model against Lanczos",
                "base");
    args.option("crops", "FILE.png", "--stage sr: write truth / Lanczos / SR crops of the first seed");
    args.option("seeds", "A-B", "held-out world seeds", "", true);
    args.option("spp", "N", "samples per pixel of the true views", "4");
    args.option("grid", "FILE.png", "write the unconditional samples (colour and depth, one per seed)");
    args.option("cond-grid", "FILE.png", "write condition / model / Telea / truth for the first seed");
    args.option("viewset", "V", "viewset of the whole scenes: 3x9, ring:N, ... (see ivid generate)", "3x9");
    args.flag("no-scenes", "skip generating whole scenes (no consistency scores)");
    args.flag("quiet", "no progress bar or table");
    args.flag("json", "print the report as one JSON object on stdout");
    if (!args.parse(argv)) return 0;

    const std::string stage = args.get("stage");
    if (stage == "sr") return run_superres_eval(args);
    if (stage != "base") throw UsageError("eval: --stage: expected base or sr, found '" + stage + "'");
    eval::ModelEvalSettings settings;
    std::tie(settings.first_seed, settings.last_seed) = args.get_seed_range("seeds");
    settings.samples_per_pixel = args.get_int_in("spp", 1, 64);
    settings.whole_scenes = !args.is_set("no-scenes");
    settings.viewset = args.get("viewset");
    if (args.is_set("grid")) settings.unconditional_grid = args.get("grid");
    if (args.is_set("cond-grid")) settings.conditional_grid = args.get("cond-grid");
    const pipeline::ModelPack pack = selected_model_pack(args, "eval");
    settings.unconditional = pack.unconditional;
    settings.conditional = pack.conditional;
    settings.aggregation = pack.aggregation;
    settings.corrections = pack.corrections;
    nn::set_compute_threads(args.get_int_in("threads", 0, 1024));
    const bool quiet = args.is_set("quiet") || args.is_set("json");

    const auto models = pipeline::load_generation_models(pack.models, args.get("device"));
    ProgressBar bar("eval", int(settings.last_seed - settings.first_seed + 1) * (settings.whole_scenes ? 2 : 1),
                    args.is_set("quiet"));
    const eval::ModelEvalReport report = eval::evaluate_models(*models, settings, [&](int, int) { bar.step(); });
    bar.finish();
    if (args.is_set("json")) {
        std::cout << report.to_json().dump(2) << "\n";
        return 0;
    }
    if (quiet) return 0;
    std::printf("%d scenes, %d conditional views (%.1f%% of each view disoccluded on average), %.0f s\n\n", report.scenes,
                report.conditional_views, 100.0 * report.disoccluded_fraction, report.seconds);
    std::printf("| region | PSNR model | PSNR Telea | SSIM model | SSIM Telea | depth abs-rel model | depth abs-rel Telea |\n");
    std::printf("|---|---|---|---|---|---|---|\n");
    print_row("whole view", report.model_overall, report.baseline_overall);
    print_row("disoccluded", report.model_disoccluded, report.baseline_disoccluded);
    std::printf("\nvisible (condition kept): PSNR model %.2f (Telea keeps these pixels exactly)\n",
                report.model_visible_psnr);
    if (report.generated)
        std::printf("whole %s scenes: reprojection depth abs-rel %.4f, PSNR %.2f (ground truth: %.4f, %.2f)\n",
                    report.viewset.c_str(), report.generated->depth_abs_rel, report.generated->psnr, report.ground_truth->depth_abs_rel,
                    report.ground_truth->psnr);
    return 0;
}

const CommandRegistration registration("eval", "measure a model pack against synthetic ground truth", run_eval);

}  // namespace
}  // namespace ivid::cli

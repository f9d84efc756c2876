// ivid eval-views: free-view quality against exact ground truth (render/free_view_evaluation.hpp):
// each seed's synthetic 3x9 viewset is fused under every settings variant of an evaluation file
// along every trajectory of it, and each frame is compared with the world ray-cast at that pose.
// The bundled file scores IVID's and the depth-aware blend modes on, between and beyond the views.
#include <cstdio>
#include <filesystem>
#include <string>
#include <vector>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "app/cli/meshing_options.hpp"
#include "app/cli/render_speed_options.hpp"
#include "app/cli/settings_options.hpp"
#include "core/image/image_io.hpp"
#include "core/util/progress.hpp"
#include "render/free_view_evaluation.hpp"
#include "render/headless_context.hpp"

namespace ivid::cli {
namespace {

// The View panel's look of a --settings file, with the flags given over it: what the variants of
// the evaluation file are laid over.
FusionRenderSettings base_settings(const ArgParser& args) {
    const std::optional<StudioSettings> file = settings_from_flag(args);
    FusionRenderSettings settings = file ? file->render : FusionRenderSettings{};
    const auto given = [&](const char* flag) { return !file || args.is_set(flag); };
    if (given("ssaa")) settings.supersampling = args.get_int("ssaa");
    if (given("lod")) settings.mesh_lod = args.get_int("lod");
    if (given("max-views")) settings.max_views = args.get_int("max-views");
    apply_render_speed_options(args, settings);
    try {
        validate(settings);
    } catch (const Error& e) {
        throw UsageError(std::string("eval-views: ") + e.what());
    }
    return settings;
}

FreeViewEvaluation parse_evaluation(const ArgParser& args) {
    FreeViewEvaluation evaluation;
    evaluation.seeds = args.get_seed_list("seeds", 1000);
    evaluation.size = args.get_size("size").first;
    evaluation.spp = args.get_int("spp");
    if (args.get_size("size").second != evaluation.size || evaluation.size < 16 || evaluation.size > 1024)
        throw UsageError("eval-views: --size: expected one number 16..1024, found '" + args.get("size") + "'");
    if (args.is_set("frame-size")) {
        evaluation.frame_size = args.get_size("frame-size").first;
        if (args.get_size("frame-size").second != evaluation.frame_size || evaluation.frame_size < 16 ||
            evaluation.frame_size > 2048)
            throw UsageError("eval-views: --frame-size: expected one number 16..2048, found '" + args.get("frame-size") + "'");
    }
    if (evaluation.spp < 1 || evaluation.spp > 256) throw UsageError("eval-views: --spp: expected 1..256");
    const std::string file = args.get("automation");
    evaluation.automation = load_eval_automation(file.empty() ? default_eval_automation_file() : std::filesystem::path(file));
    evaluation.frames = args.is_set("frames") ? args.get_int("frames") : evaluation.automation.frames;
    if (evaluation.frames < 1 || evaluation.frames > EvalAutomation::kMaxFrames)
        throw UsageError("eval-views: --frames: expected 1..1000");
    evaluation.base = base_settings(args);
    variant_settings_list(evaluation);  // each variant over the flags' settings, checked before any work
    evaluation.meshing = [&args](const Scene& scene) { return selected_meshing(args, scene); };
    return evaluation;
}

// DIR/seed1_swing_03_truth.png, ..._ivid.png, ..._depth-aware.png
FrameSink frame_writer(const std::filesystem::path& dir) {
    if (dir.empty()) return {};
    std::filesystem::create_directories(dir);
    return [dir](uint64_t seed, const std::string& trajectory, size_t pose, const std::string& what,
                 const Image& frame) {
        char index[8];
        std::snprintf(index, sizeof index, "%02zu", pose);
        write_png(dir / ("seed" + std::to_string(seed) + "_" + trajectory + "_" + index + "_" + what + ".png"),
                  to_u8_truncate(frame));
    };
}

void print_json(const FreeViewEvaluation& evaluation, const FreeViewScores& scores, const std::string& renderer) {
    nlohmann::json out = {{"seeds", evaluation.seeds}, {"size", evaluation.size},
                          {"frame_size", evaluation.frame_size > 0 ? evaluation.frame_size : evaluation.size},
                          {"spp", evaluation.spp},
                          {"frames", evaluation.frames}, {"supersampling", evaluation.base.supersampling},
                          {"automation", evaluation.automation.file.string()}, {"renderer", renderer}};
    nlohmann::json fusion;
    to_json(fusion, evaluation.base);
    out["fusion_settings"] = fusion;
    const EvalAutomation& automation = evaluation.automation;
    for (const EvalVariant& variant : automation.variants)
        out["variants"].push_back({{"name", variant.name}, {"settings", variant.settings}});
    for (size_t t = 0; t < automation.trajectories.size(); ++t) {
        nlohmann::json entry = {{"name", automation.trajectories[t].name},
                                {"description", automation.trajectories[t].description}};
        for (size_t v = 0; v < automation.variants.size(); ++v) {
            const FrameScores& s = scores[t][v];
            entry[automation.variants[v].name] = {{"psnr", s.mean_psnr()}, {"ssim", s.mean_ssim()},
                                                  {"psnr_frames", s.psnr}, {"ssim_frames", s.ssim}};
        }
        out["trajectories"].push_back(entry);
    }
    std::printf("%s\n", out.dump(2).c_str());
}

// | trajectory | poses | PSNR <variant>... | SSIM <variant>... |
void print_table(const FreeViewEvaluation& evaluation, const FreeViewScores& scores, const std::string& renderer) {
    const EvalAutomation& automation = evaluation.automation;
    std::string header = "| trajectory | poses |", rule = "|---|---|";
    for (const char* metric : {"PSNR", "SSIM"})
        for (const EvalVariant& variant : automation.variants) {
            header += std::string(" ") + metric + " " + variant.name + " |";
            rule += "---|";
        }
    std::printf("%s\n%s\n", header.c_str(), rule.c_str());
    for (size_t t = 0; t < automation.trajectories.size(); ++t) {
        std::printf("| %s | %s |", automation.trajectories[t].name.c_str(), automation.trajectories[t].description.c_str());
        for (const FrameScores& s : scores[t]) std::printf(" %.2f |", s.mean_psnr());
        for (const FrameScores& s : scores[t]) std::printf(" %.4f |", s.mean_ssim());
        std::printf("\n");
    }
    std::printf("\n%zu seeds x %d poses per generated trajectory, %dx%d, %d spp ground truth; depth-aware max "
                "views %d; evaluation file %s; renderer: %s\n",
                evaluation.seeds.size(), evaluation.frames, evaluation.size, evaluation.size, evaluation.spp,
                evaluation.base.max_views, automation.file.string().c_str(), renderer.c_str());
}

int run_eval_views(const std::vector<std::string>& argv) {
    ArgParser args("eval-views",
                   "Free-view quality against exact ground truth: for each seed a synthetic world's 3x9 viewset\n"
                   "is fused under every settings variant of an evaluation file along every trajectory of it,\n"
                   "and every frame is compared with the world ray-cast at that pose (PSNR in dB, SSIM). The\n"
                   "bundled file (assets/eval/free-view-3x9.json) scores IVID's and the depth-aware blend modes\n"
                   "on, between and beyond the viewset; see README \"Free-view evaluation files\".");
    args.option("seeds", "LIST", "world seeds: N, A-B or a comma-separated list", "1-4");
    args.option("size", "PIXELS", "view and frame size (square)", "128");
    args.option("frame-size", "PIXELS", "fused frames and their ground truth at this size instead (square)");
    args.option("spp", "N", "ground-truth samples per pixel (views and references alike)", "4");
    args.option("automation", "FILE.json", "evaluation file: settings variants x trajectories (default: bundled)", "");
    args.option("frames", "N", "poses per generated trajectory (default: the evaluation file's)", "8");
    args.option("ssaa", "K", "supersampling of the fused frames, 1..4", "1");
    args.option("lod", "K", "mesh level of detail of the fused frames: 1 (full), 2 or 4", "1");
    add_meshing_options(args);
    args.option("max-views", "N", "depth-aware: draw only the N views that see the frame best, 0 = all",
                std::to_string(FusionRenderSettings::kDefaultMaxViews));
    add_render_speed_options(args);
    args.option("save-frames", "DIR", "also write every frame as PNG: ground truth and each variant", "");
    args.flag("json", "print the results as JSON");
    args.flag("quiet", "no progress bar");
    add_settings_option(args);
    if (!args.parse(argv)) return 0;
    const FreeViewEvaluation evaluation = parse_evaluation(args);
    const FrameSink sink = frame_writer(args.get("save-frames"));

    HeadlessContext context;
    ProgressBar bar("eval-views", free_view_steps(evaluation), args.is_set("quiet"));
    const FreeViewScores scores = evaluate_free_views(evaluation, [&] { bar.step(); }, sink);
    bar.finish();
    if (args.is_set("json"))
        print_json(evaluation, scores, context.description());
    else
        print_table(evaluation, scores, context.description());
    return 0;
}

const CommandRegistration registration("eval-views",
                                       "free-view quality of the blend modes vs exact ground truth (PSNR, SSIM)",
                                       run_eval_views);

}  // namespace
}  // namespace ivid::cli

// `ivid eval`: how well a model pack generates, measured on synthetic worlds whose exact views
// are known (use seeds never used in training).
//  - Conditional views: the conditional model gets the aggregated condition of the TRUE first view
//    warped to every other 3x9 pose; its output is compared with the true view, beside a baseline
//    that fills the same holes by Telea inpainting (colour and depth). Regions: the whole image,
//    the disoccluded pixels (no depth known from the condition), and the visible pixels (colour
//    known; the model must preserve it there).
//  - Whole scenes: full 3x9 scenes generated from the seeds, scored by multi-view consistency
//    (view_consistency), with the true scenes' score as the reference.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/diffusion/sampler_settings.hpp"
#include "core/eval/view_consistency.hpp"
#include "core/pipeline/generation_models.hpp"

namespace ivid::eval {

struct ModelEvalSettings {
    uint64_t first_seed = 0, last_seed = 0;
    int samples_per_pixel = 4;                     // of the true views
    diffusion::SamplerSettings unconditional, conditional;
    AggregateSettings aggregation;                 // the pack's edge tolerances and erosion
    pipeline::CorrectionWeights corrections;       // and its x0 corrections
    bool whole_scenes = true;                      // generate scenes for the consistency scores
    std::string viewset = "3x9";                   // of the whole scenes (e.g. "ring:12")
    std::filesystem::path unconditional_grid;      // optional PNG: unconditional samples, one per seed
    std::filesystem::path conditional_grid;        // optional PNG: condition / model / Telea / truth
};

struct RegionScores {
    double psnr = 0.0, ssim = 0.0, depth_abs_rel = 0.0;
};

struct ModelEvalReport {
    int scenes = 0;
    int conditional_views = 0;
    int views_without_condition = 0;     // poses that see nothing of the first view (not scored)
    RegionScores model_overall, model_disoccluded, baseline_overall, baseline_disoccluded;
    double model_visible_psnr = 0.0;     // generated colour vs the condition where it is known
                                         // (Telea keeps those pixels exactly, by construction)
    double disoccluded_fraction = 0.0;   // mean share of the image without depth from the condition
    std::string viewset;                 // of the whole scenes
    std::optional<ConsistencyScore> generated, ground_truth;
    double seconds = 0.0;

    // {"model": {"overall": {...}, "disoccluded": {...}, "visible": {"psnr"}}, "baseline": {...},
    //  "consistency": {"viewset", "reproj_depth_absrel", "reproj_psnr", "pairs", "ground_truth": {...},
    //                  "per_pair": [{"source", "target", "depth_absrel", "psnr"} (first scene)]},
    //  "scenes", "conditional_views", "disoccluded_fraction", "seconds"}
    nlohmann::json to_json() const;
};

// progress(done, total) counts scenes through both parts.
ModelEvalReport evaluate_models(const pipeline::GenerationModels& models, const ModelEvalSettings& settings,
                                const std::function<void(int, int)>& progress = {});

}  // namespace ivid::eval

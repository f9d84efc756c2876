// `ivid eval --stage sr`: how well a super-resolution model upsamples, on synthetic worlds whose
// exact views are known at both sizes (use seeds never used in training). The true views at the
// scene size (e.g. 64x64, what the base models make) are upsampled by the model and, as the
// baseline, by Lanczos interpolation (OpenCV's 8x8 Lanczos, colour and depth alike); both are
// compared with the true views rendered at the model's size: PSNR, SSIM and depth abs-rel per
// view, and the reprojection consistency of whole upsampled scenes (does the detail invented in
// one view agree with its neighbours?) for each SR mode.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/eval/model_eval.hpp"
#include "core/pipeline/super_resolution.hpp"

namespace ivid::eval {

struct SuperResEvalSettings {
    uint64_t first_seed = 0, last_seed = 0;
    int samples_per_pixel = 4;                 // of the true views
    std::string viewset = "3x9";
    pipeline::UpscaleSettings upscale;         // sampler, batch and consistent-mode settings
    std::vector<pipeline::UpscaleMode> modes = {pipeline::UpscaleMode::Independent, pipeline::UpscaleMode::Consistent};
    std::filesystem::path crops;               // optional PNG: truth / Lanczos / SR per mode, first seed
};

struct SuperResModeReport {
    pipeline::UpscaleMode mode = pipeline::UpscaleMode::Independent;
    RegionScores scores;          // against the true high-res views
    ConsistencyScore consistency; // of the upsampled scenes (mean over scenes)
    double seconds = 0.0;         // upsampling time, all scenes
};

struct SuperResEvalReport {
    int scenes = 0, views = 0;
    int base_size = 0, size = 0;
    RegionScores lanczos;
    ConsistencyScore lanczos_consistency, truth_consistency;
    std::vector<SuperResModeReport> modes;
    double seconds = 0.0;
    // {"scenes", "views", "base_size", "size", "lanczos": {"psnr", "ssim", "depth_abs_rel",
    //  "consistency": {...}}, "truth_consistency": {...}, "sr": {"<mode>": {... , "seconds"}}, "seconds"}
    nlohmann::json to_json() const;
};

// progress(done, total) counts scenes x (1 + modes).
SuperResEvalReport evaluate_superres(const pipeline::LoadedModel& model, int base_size,
                                     const SuperResEvalSettings& settings,
                                     const std::function<void(int, int)>& progress = {});

}  // namespace ivid::eval

// Free-view quality against exact ground truth (`ivid eval-views`): the synthetic world of each
// seed renders exact colour from any camera, so its 3x9 viewset is rendered, fused by the fusion
// renderer under every settings variant of an evaluation file along every trajectory of it
// (render/eval_automation.hpp), and each fused frame is compared with the world ray-cast at the
// same pose (PSNR, SSIM).
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "core/image/image.hpp"
#include "core/scene/scene_meshing.hpp"
#include "render/eval_automation.hpp"
#include "render/fusion_settings.hpp"

namespace ivid {

struct FreeViewEvaluation {
    std::vector<uint64_t> seeds;
    int size = 128;        // views (and frames unless frame_size is set), square
    int frame_size = 0;    // fused frames and their ground truth, square; 0 = size
    int spp = 4;     // ground-truth rays per pixel, views and references alike
    int frames = 8;  // poses per generated trajectory
    EvalAutomation automation;
    FusionRenderSettings base;  // what every variant's settings are laid over
    // How each world's views are meshed (the CLI's --atol/--rtol/--erode-rgb over the scene's own).
    std::function<MeshingTolerances(const Scene&)> meshing = meshing_from_provenance;
};

struct FrameScores {
    std::vector<double> psnr, ssim;  // one per frame, seeds in order
    double mean_psnr() const;
    double mean_ssim() const;
};

// scores[t][v]: trajectory t of the file under variant v, both in the file's order.
using FreeViewScores = std::vector<std::vector<FrameScores>>;

// Receives every frame: the seed, the trajectory, the pose's index, "truth" or the variant's name.
using FrameSink = std::function<void(uint64_t seed, const std::string& trajectory, size_t pose,
                                     const std::string& what, const Image& frame)>;

// The variants' settings over `base`; an Error names the evaluation file and the variant.
std::vector<FusionRenderSettings> variant_settings_list(const FreeViewEvaluation& evaluation);

// Progress steps evaluate_free_views makes: per seed, one per view and one per pose.
int free_view_steps(const FreeViewEvaluation& evaluation);

// Runs the evaluation on the current GL context (render/headless_context.hpp); `step` is called
// free_view_steps times, `sink` (may be empty) with every frame.
FreeViewScores evaluate_free_views(const FreeViewEvaluation& evaluation, const std::function<void()>& step,
                                   const FrameSink& sink);

}  // namespace ivid

// Training pairs for the conditional model, drawn the way IVID's WarpDataset draws them: the
// image (optionally with slight noise) is warped to a randomly perturbed camera and back; what
// survives is the partial view the model learns to complete. No multi-view data is involved.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/raster/warp.hpp"

namespace ivid::dataset {

struct WarpPairOptions {
    // IVID's augment names: "prewarp_noise", "postwarp_noise", "blur", "erode_rgb".
    bool prewarp_noise = false;  // N(0, (0.005 u)^2) on the input RGBD, u ~ U[0,1)
    bool postwarp_noise = false; // N(0, (0.03 u)^2) on the warped RGBD
    bool blur = false;           // with probability 0.8 the colour is a 3x3 blur of the original
    bool erode_rgb = false;      // mask_rgb = mask eroded by a square of side 1, 3, 5, 7 or 9
    float pose_std = 0.15f;      // yaw and pitch perturbation (radians), WarpDataset's std
    WarpSettings warp;           // renderer and depth encoding (near/far of the model's depth)
};

// Parses IVID's "augments" list; unknown names are an Error naming `source` and the name.
WarpPairOptions warp_pair_options(const std::vector<std::string>& augments, float pose_std,
                                  const WarpSettings& warp, const std::string& source);

// rgbd: N x N x 4 in [0,1] (z_buffer depth with options.warp.near/far). All randomness comes
// from `seed`, so a pair can be drawn again exactly (resumed training repeats itself).
WarpTrainingPair sample_warp_pair(const Image& rgbd, const WarpPairOptions& options, uint64_t seed);

}  // namespace ivid::dataset

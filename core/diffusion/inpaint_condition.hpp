// The conditional model's input (IVID's InpaintCFG.make_cond_inputs): the noisy image plus the
// partially visible RGBD view rendered from earlier views, with unknown pixels filled by noise.
#pragma once

#include <ATen/ATen.h>

#include "core/diffusion/noise_source.hpp"

namespace ivid::diffusion {

struct InpaintCondition {
    at::Tensor y;         // [N, 4, H, W] RGBD in [-1, 1] (rgb first, depth last)
    at::Tensor mask;      // [N, 1, H, W] 0/1 depth visibility
    at::Tensor mask_rgb;  // [N, 1, H, W] 0/1 colour visibility; undefined = use `mask`

    // Checks shapes against x_T of [n, 4, h, w] (Error naming the tensor otherwise).
    void validate(int64_t n, int64_t h, int64_t w) const;
    // 10 channels with mask_rgb, 9 without.
    int64_t input_channels() const { return mask_rgb.defined() ? 10 : 9; }
    InpaintCondition to(const at::Device& device) const;
};

// [x_t (4), mask_rgb (1, when given), y_rgb*mask_rgb + n_rgb*(1-mask_rgb) (3),
//  y_depth*mask + n_depth*(1-mask) (1), mask (1)] along channels.
at::Tensor make_cond_input(const at::Tensor& x_t, const InpaintCondition& condition,
                           const CondFillNoise& fill);

}  // namespace ivid::diffusion

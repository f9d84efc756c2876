// The super-resolution model's input (IVID's SuperResCFG.make_cond_inputs): the noisy high-res
// image with the low-res RGBD image beside it, upsampled bilinearly (align_corners false) by the
// integer ratio of the widths.
#pragma once

#include <ATen/ATen.h>

namespace ivid::diffusion {

struct SuperResCondition {
    at::Tensor y;  // [N, 4, h, w] low-res RGBD in [-1, 1] (rgb first, depth last)

    // Checks y against x_T of [n, 4, h_hr, w_hr]: same n, and h_hr = s h, w_hr = s w for one
    // integer s >= 1 (Error naming the shapes otherwise).
    void validate(int64_t n, int64_t h_hr, int64_t w_hr) const;
    SuperResCondition to(const at::Device& device) const;
};

// IVID's upsampling: scale = W_hr // W_lr, bilinear, align_corners false, by that scale factor.
at::Tensor upsample_low_res(const at::Tensor& y, int64_t scale);

// The start image of a part-way super-resolution run (SamplerSettings::start_strength < 1): y
// upsampled bicubically (align_corners false) to size x size, clamped to [-1, 1].
at::Tensor bicubic_start_image(const at::Tensor& y, int64_t size);

// [x_t, upsample_low_res(y)] along channels: 8 channels for RGBD.
at::Tensor make_superres_input(const at::Tensor& x_t, const SuperResCondition& condition);

}  // namespace ivid::diffusion

// Between images (H x W x C, values in [0, 1], row 0 at the top) and the networks' tensors
// ([C, H, W] float, colour and depth in [-1, 1] as IVID normalises them).
#pragma once

#include <ATen/ATen.h>

#include "core/image/image.hpp"

namespace ivid::diffusion {

// [C, H, W] = 2 * img - 1 (a new tensor).
at::Tensor signed_tensor_from_image(const Image& img);
// [C, H, W] = img, unscaled (masks).
at::Tensor tensor_from_image(const Image& img);
// H x W x C = (chw + 1) / 2 for a [C, H, W] tensor on any device; values are not clipped.
Image image_from_signed_tensor(const at::Tensor& chw);

}  // namespace ivid::diffusion

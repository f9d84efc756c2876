// The baseline the conditional model is measured against: fill the pixels the warped condition
// does not cover with OpenCV's Telea inpainting (Telea 2004), colour and depth separately.
#pragma once

#include "core/image/image.hpp"

namespace ivid::eval {

struct RgbdFill {
    Image color;  // N x N x 3 in [0, 1]
    Image depth;  // N x N x 1 linear depth
};

// color (N x N x 3, [0,1]) is known where mask_rgb > 0.5, depth (N x N x 1, linear) where
// mask > 0.5; the rest is inpainted within `radius` pixels of context. Colour is inpainted in
// 8 bit (mid-grey when no colour is known), depth in 16 bit over the known depth range. A
// condition without any known depth pixel is an Error.
RgbdFill telea_fill(const Image& color, const Image& mask_rgb, const Image& depth, const Image& mask,
                    double radius = 3.0);

}  // namespace ivid::eval

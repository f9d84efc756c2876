// Pillow's antialiased Lanczos-3 resize of 8-bit images (Image.resize(..., LANCZOS)), bit-exact:
// separable, horizontal pass first, 8-bit rounded/clamped intermediate, kernel stretched by the
// scale factor, per-pixel coefficients normalised and converted to 22-bit fixed point.
// (OpenCV's INTER_LANCZOS4 is neither antialiased nor fixed-point and does not match IVID.)
#pragma once

#include "core/image/image.hpp"

namespace ivid {

ImageU8 resize_lanczos_pil(const ImageU8& img, int out_width, int out_height);

}  // namespace ivid

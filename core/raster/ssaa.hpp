// IVID's supersampling post-processing: how a render at ssaa*N is brought down to N.
#pragma once

#include "core/image/image.hpp"

namespace ivid {

// Colour: to8b (clip when `clip`, *255 in float32, truncate), Pillow Lanczos to N, /255.
// Returns the 8-bit result (the float one is from_u8 of it).
ImageU8 downsample_color(const Image& color_full, int ssaa, bool clip = true);
// Depth (or any per-pixel value): the centre sub-pixel ((ssaa-1)/2) of each ssaa x ssaa block.
Image downsample_point(const Image& full, int ssaa);
// Coverage: 1 where more than 0.75*ssaa^2 of the block's sub-pixels are > 0.5, else 0.
Image downsample_coverage(const Image& mask_full, int ssaa);

}  // namespace ivid

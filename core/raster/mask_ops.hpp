// Per-pixel mask operations IVID applies to warped and aggregated buffers.
#pragma once

#include "core/image/image.hpp"

namespace ivid {

// IVID depth_edge: over the 4 neighbour directions (horizontal, vertical, both diagonals) a
// pixel pair is discontinuous when |a-b| > atol AND |1/a - 1/b| > rtol (values clamped below
// at 1e-6); each discontinuous pair counts at both pixels; result is 1 where count < 3, else 0.
Image depth_edge_mask(const Image& depth, float atol, float rtol);

// OpenCV-style erosion of a 0/1 mask with a square kernel of side `kernel_size` (the border
// does not erode). kernel_size <= 1 returns the mask unchanged.
Image erode_mask(const Image& mask, int kernel_size);

// Element-wise product of two masks / a multi-channel image with a 1-channel mask.
Image multiply_by_mask(const Image& img, const Image& mask);

// 3x3-or-larger Gaussian blur as cv2.GaussianBlur(img, (k, k), sigma) with OpenCV's default
// border (reflect 101).
Image gaussian_blur(const Image& img, int kernel_size, float sigma);

}  // namespace ivid

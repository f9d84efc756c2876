// Image quality metrics for comparing rendered frames with ground truth: PSNR and SSIM as
// defined by Wang et al. 2004 (11x11 Gaussian window, sigma 1.5, K1 = 0.01, K2 = 0.03, statistics
// over windows lying wholly inside the image, averaged over windows and channels).
#pragma once

#include "core/image/image.hpp"

namespace ivid {

// Every metric takes an optional region: `mask` (H x W x 1, pixels > 0.5 count) restricts it to
// those pixels (SSIM: to the windows centred on them); a region without pixels gives NaN.

// Mean squared error over all pixels and channels; the images must match in size and channels.
double mean_squared_error(const Image& a, const Image& b, const Image* mask = nullptr);
// 10 log10(peak^2 / MSE); +infinity for identical images.
double psnr(const Image& a, const Image& b, double peak = 1.0, const Image* mask = nullptr);
// Mean SSIM; images at least 11x11. dynamic_range is L in C1 = (K1 L)^2, C2 = (K2 L)^2.
double ssim(const Image& a, const Image& b, double dynamic_range = 1.0, const Image* mask = nullptr);
// Mean |estimate - truth| / truth of one-channel depth images (truth > 0 where counted).
double depth_abs_rel(const Image& estimate, const Image& truth, const Image* mask = nullptr);

}  // namespace ivid

// The training pairs of IVID's super-resolution stage (datasets/base.py SRDataset): the high-res
// RGBD sample and its low-res condition. The low-res colour is a Lanczos resize + centre crop of
// the ORIGINAL image (not of the high-res crop), blurred per draw by cv2.GaussianBlur (3x3, a
// random sigma) on 8 bits; the low-res depth is a nearest resize + centre crop of the encoded
// depth. Loading and blurring are separate so a training loop keeps the un-blurred pair in memory
// and draws a fresh sigma for every batch.
#pragma once

#include <cstddef>
#include <optional>

#include "core/dataset/rgbd_dataset.hpp"
#include "core/image/image.hpp"

namespace ivid::dataset {

struct SrSample {
    RgbdSample high_res;     // size x size x 4, as RgbdDataset::load gives it (IVID's x_0 in [0,1])
    ImageU8 low_res_colour;  // lr x lr x 3, resized and cropped, not blurred
    Image low_res_depth;     // lr x lr x 1, z_buffer-encoded in [0,1]
};

// Entry i of `dataset` at size x size with its un-blurred low-res pair at lr_size x lr_size. Throws
// Error naming the value when lr_size is not in [1, size], and RgbdDataset::load's errors.
SrSample load_sr_sample(const RgbdDataset& dataset, size_t i, int size, int lr_size, const DepthEncoding& encoding);

// Not IVID's: entry i of `dataset` at size x size paired with entry i of `low_res`, a second
// dataset of the same images made at lr_size x lr_size the way the base models make them (e.g.
// `ivid synth-dataset` of the same worlds and poses at the base size: box-filtered colour, depth
// at the pixel's samples), taken as it is. Throws Error naming the files when the entries' names
// differ or the low-res image is not lr_size x lr_size, and RgbdDataset::load's errors.
SrSample load_sr_sample_paired(const RgbdDataset& dataset, const RgbdDataset& low_res, size_t i, int size, int lr_size,
                               const DepthEncoding& encoding);

// The low-res condition IVID trains with (SRDataset's y before *2-1): lr x lr x 4 in [0,1], the
// colour blurred as cv2.GaussianBlur(colour, (3, 3), blur_sigma) does on 8 bits (bit-exact, border
// reflect-101) then / 255, the depth as given. IVID draws blur_sigma = U[0,1) + 1e-3; no sigma: the
// colour is not blurred (paired low-res images). Throws Error naming the value when blur_sigma is
// not finite and positive, or the images' sizes disagree.
Image low_res_condition(const ImageU8& lr_colour, const Image& lr_depth, std::optional<double> blur_sigma);

}  // namespace ivid::dataset

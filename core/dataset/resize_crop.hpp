// The square training crop of IVID's BaseDataset: torchvision Resize(size) (shorter side to
// `size`, the longer one to int(size * long / short)) then CenterCrop(size), on PIL images:
// Lanczos for colour, nearest for depth, both bit-exact with Pillow.
#pragma once

#include "core/image/image.hpp"

namespace ivid::dataset {

struct ResizeCrop {
    int resized_width = 0, resized_height = 0;
    int left = 0, top = 0;  // crop offset in the resized image (Python's round, half to even)
};

ResizeCrop resize_crop_geometry(int width, int height, int size);

// Pillow's antialiased Lanczos resize (no-op at the same size), then the centre crop.
ImageU8 resize_crop_lanczos(const ImageU8& img, int size);
// Pillow's nearest resize (source index floor of the accumulated pixel-centre coordinate), then
// the centre crop. Any channel count.
Image resize_crop_nearest(const Image& img, int size);

}  // namespace ivid::dataset

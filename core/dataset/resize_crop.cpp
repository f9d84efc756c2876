#include "core/dataset/resize_crop.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/raster/pil_resample.hpp"
#include "core/util/error.hpp"

namespace ivid::dataset {
namespace {

ImageU8 crop(const ImageU8& img, int left, int top, int size) {
    ImageU8 out(size, size, img.channels);
    for (int r = 0; r < size; ++r)
        for (int c = 0; c < size; ++c)
            for (int ch = 0; ch < img.channels; ++ch) out.at(r, c, ch) = img.at(top + r, left + c, ch);
    return out;
}

// Pillow's ImagingScaleAffine: the source coordinate starts at half a step and accumulates in
// double precision; its integer part picks the pixel.
std::vector<int> nearest_sources(int in_size, int out_size) {
    const double step = double(in_size) / out_size;
    std::vector<int> src(static_cast<size_t>(out_size));
    double x = step * 0.5;
    for (int i = 0; i < out_size; ++i, x += step) src[size_t(i)] = std::min(int(x), in_size - 1);
    return src;
}

}  // namespace

ResizeCrop resize_crop_geometry(int width, int height, int size) {
    if (width <= 0 || height <= 0 || size <= 0)
        throw Error::at("resize_crop", "sizes", "positive", std::to_string(width) + "x" + std::to_string(height) +
                                                                " to " + std::to_string(size));
    ResizeCrop g;
    const int shorter = std::min(width, height), longer = std::max(width, height);
    const int new_long = int(double(size) * longer / shorter);
    g.resized_width = width <= height ? size : new_long;
    g.resized_height = width <= height ? new_long : size;
    g.left = int(std::nearbyint((g.resized_width - size) / 2.0));
    g.top = int(std::nearbyint((g.resized_height - size) / 2.0));
    return g;
}

ImageU8 resize_crop_lanczos(const ImageU8& img, int size) {
    const ResizeCrop g = resize_crop_geometry(img.width, img.height, size);
    const bool same = g.resized_width == img.width && g.resized_height == img.height;
    const ImageU8 resized = same ? img : resize_lanczos_pil(img, g.resized_width, g.resized_height);
    return crop(resized, g.left, g.top, size);
}

Image resize_crop_nearest(const Image& img, int size) {
    const ResizeCrop g = resize_crop_geometry(img.width, img.height, size);
    const std::vector<int> cols = nearest_sources(img.width, g.resized_width);
    const std::vector<int> rows = nearest_sources(img.height, g.resized_height);
    Image out(size, size, img.channels);
    for (int r = 0; r < size; ++r)
        for (int c = 0; c < size; ++c)
            for (int ch = 0; ch < img.channels; ++ch)
                out.at(r, c, ch) = img.at(rows[size_t(g.top + r)], cols[size_t(g.left + c)], ch);
    return out;
}

}  // namespace ivid::dataset

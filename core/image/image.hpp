// Image: an H x W x C array, row-major, interleaved channels, row 0 = TOP of the picture
// (IVID's convention everywhere). Image is float32, ImageU8 holds 8-bit values.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

namespace ivid {

template <typename T>
struct ImageT {
    int width = 0;
    int height = 0;
    int channels = 0;
    std::vector<T> data;

    ImageT() = default;
    ImageT(int w, int h, int c, T fill = T(0)) : width(w), height(h), channels(c),
        data(static_cast<size_t>(w) * h * c, fill) {}

    bool empty() const { return data.empty(); }
    size_t pixel_count() const { return static_cast<size_t>(width) * height; }
    size_t index(int row, int col, int ch = 0) const {
        return (static_cast<size_t>(row) * width + col) * channels + ch;
    }
    T& at(int row, int col, int ch = 0) { return data[index(row, col, ch)]; }
    const T& at(int row, int col, int ch = 0) const { return data[index(row, col, ch)]; }
    T* row_ptr(int row) { return data.data() + static_cast<size_t>(row) * width * channels; }
    const T* row_ptr(int row) const { return data.data() + static_cast<size_t>(row) * width * channels; }
};

using Image = ImageT<float>;
using ImageU8 = ImageT<uint8_t>;

// Channels [first, first+count) of img as a new image.
Image select_channels(const Image& img, int first, int count);

// IVID's to8b: clip to [0,1] (when clip), multiply by 255 in float32, TRUNCATE.
ImageU8 to_u8_truncate(const Image& img, bool clip = true);

// value / 255 as float.
Image from_u8(const ImageU8& img);

// Vertical flip (GL read-backs are bottom-up).
template <typename T>
ImageT<T> flip_vertical(const ImageT<T>& img) {
    ImageT<T> out(img.width, img.height, img.channels);
    const size_t row_len = static_cast<size_t>(img.width) * img.channels;
    for (int r = 0; r < img.height; ++r)
        std::copy(img.row_ptr(r), img.row_ptr(r) + row_len, out.row_ptr(img.height - 1 - r));
    return out;
}

}  // namespace ivid

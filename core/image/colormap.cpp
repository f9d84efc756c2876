#include "core/image/colormap.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include <opencv2/imgproc.hpp>

#include "core/util/error.hpp"

namespace ivid {
namespace {

using Rgb = std::array<float, 3>;
using Table = std::array<std::array<uint8_t, 3>, 256>;

// OpenCV's built-in turbo and viridis maps are the published 256-entry tables (rounded to 8 bit):
// read them back by mapping the ramp 0..255.
Table opencv_table(int colormap) {
    cv::Mat ramp(1, 256, CV_8UC1);
    for (int i = 0; i < 256; ++i) ramp.at<uint8_t>(0, i) = static_cast<uint8_t>(i);
    cv::Mat bgr;
    cv::applyColorMap(ramp, bgr, colormap);
    Table table{};
    for (int i = 0; i < 256; ++i) {
        const cv::Vec3b pixel = bgr.at<cv::Vec3b>(0, i);
        table[i] = {pixel[2], pixel[1], pixel[0]};
    }
    return table;
}

Table grey_table() {
    Table table{};
    for (int i = 0; i < 256; ++i) {
        const uint8_t v = static_cast<uint8_t>(i);
        table[i] = {v, v, v};
    }
    return table;
}

const Table& table_of(Colormap map) {
    static const Table turbo = opencv_table(cv::COLORMAP_TURBO);
    static const Table viridis = opencv_table(cv::COLORMAP_VIRIDIS);
    static const Table grey = grey_table();
    switch (map) {
        case Colormap::Turbo: return turbo;
        case Colormap::Viridis: return viridis;
        case Colormap::Grey: return grey;
    }
    return grey;
}

bool has_data(const ImageU8* valid, size_t pixel) {
    return valid == nullptr || valid->data[pixel] != 0;
}

void require_mask_shape(const Image& values, const ImageU8* valid) {
    if (valid == nullptr) return;
    if (valid->width != values.width || valid->height != values.height || valid->channels != 1)
        throw Error::at("colormap", "valid mask",
                        std::to_string(values.width) + "x" + std::to_string(values.height) + "x1",
                        std::to_string(valid->width) + "x" + std::to_string(valid->height) + "x" +
                            std::to_string(valid->channels));
}

}  // namespace

std::array<float, 3> colormap_rgb(Colormap map, float t) {
    const float x = std::clamp(std::isnan(t) ? 0.0f : t, 0.0f, 1.0f) * 255.0f;
    const int i = std::min(static_cast<int>(x), 254);
    const float f = x - static_cast<float>(i);
    const Table& table = table_of(map);
    Rgb rgb{};
    for (int c = 0; c < 3; ++c)
        rgb[c] = ((1.0f - f) * table[i][c] + f * table[i + 1][c]) / 255.0f;
    return rgb;
}

Colormap parse_colormap(const std::string& name) { return parse_enum(kColormapNames, name, "colormap", "name"); }

std::string colormap_name(Colormap map) { return enum_name(kColormapNames, map); }

ImageU8 colorize(const Image& values, Colormap map, ValueRange range, const ImageU8* valid) {
    require_mask_shape(values, valid);
    const Table& table = table_of(map);
    const float span = range.hi - range.lo;
    ImageU8 out(values.width, values.height, 3);
    for (size_t p = 0; p < values.pixel_count(); ++p) {
        const float v = values.data[p * values.channels];
        std::array<uint8_t, 3> color = kNoDataColor;
        if (has_data(valid, p) && std::isfinite(v)) {
            const float t = span != 0.0f ? (v - range.lo) / span : (v >= range.lo ? 1.0f : 0.0f);
            color = table[static_cast<size_t>(std::lround(std::clamp(t, 0.0f, 1.0f) * 255.0f))];
        }
        std::copy(color.begin(), color.end(), &out.data[p * 3]);
    }
    return out;
}

ValueRange finite_range(const Image& values, const ImageU8* valid) {
    require_mask_shape(values, valid);
    float lo = std::numeric_limits<float>::infinity();
    float hi = -lo;
    for (size_t p = 0; p < values.pixel_count(); ++p) {
        const float v = values.data[p * values.channels];
        if (!has_data(valid, p) || !std::isfinite(v)) continue;
        lo = std::min(lo, v);
        hi = std::max(hi, v);
    }
    if (lo > hi) return ValueRange{};
    return ValueRange{lo, hi};
}

}  // namespace ivid

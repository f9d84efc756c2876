#include "core/raster/pil_resample.hpp"

#include <cmath>

#include "core/util/error.hpp"

namespace ivid {
namespace {

constexpr int kPrecisionBits = 32 - 8 - 2;  // Pillow's fixed-point precision for 8-bit images
constexpr double kLanczosSupport = 3.0;

double sinc(double x) {
    if (x == 0.0) return 1.0;
    x *= M_PI;
    return std::sin(x) / x;
}

double lanczos3(double x) {
    return (-3.0 <= x && x < 3.0) ? sinc(x) * sinc(x / 3.0) : 0.0;
}

// Per output pixel: the first input index and the fixed-point weights, as Pillow precomputes them.
struct Coefficients {
    int kernel_size = 0;
    std::vector<int> first;    // xmin per output pixel
    std::vector<int> count;    // number of taps per output pixel
    std::vector<int32_t> weights;  // kernel_size per output pixel
};

Coefficients precompute(int in_size, int out_size) {
    const double scale = double(in_size) / out_size;
    const double filter_scale = std::max(scale, 1.0);
    const double support = kLanczosSupport * filter_scale;
    Coefficients co;
    co.kernel_size = int(std::ceil(support)) * 2 + 1;
    co.first.resize(out_size);
    co.count.resize(out_size);
    co.weights.assign(size_t(out_size) * co.kernel_size, 0);
    std::vector<double> k(co.kernel_size);
    for (int xx = 0; xx < out_size; ++xx) {
        const double center = (xx + 0.5) * scale;
        const double inv = 1.0 / filter_scale;
        int xmin = std::max(int(center - support + 0.5), 0);
        int xmax = std::min(int(center + support + 0.5), in_size) - xmin;
        double sum = 0.0;
        for (int x = 0; x < xmax; ++x) {
            k[x] = lanczos3((x + xmin - center + 0.5) * inv);
            sum += k[x];
        }
        for (int x = 0; x < xmax; ++x) {
            double w = sum != 0.0 ? k[x] / sum : k[x];
            // Pillow rounds half away from zero when converting to fixed point.
            co.weights[size_t(xx) * co.kernel_size + x] =
                int32_t(w < 0 ? -0.5 + w * (1 << kPrecisionBits) : 0.5 + w * (1 << kPrecisionBits));
        }
        co.first[xx] = xmin;
        co.count[xx] = xmax;
    }
    return co;
}

uint8_t clip8(int64_t acc) {
    int64_t v = acc >> kPrecisionBits;
    return uint8_t(v < 0 ? 0 : (v > 255 ? 255 : v));
}

// One separable pass along x (horizontal) or y, with an 8-bit rounded result like Pillow.
ImageU8 resample_pass(const ImageU8& in, int out_size, bool horizontal) {
    const int in_size = horizontal ? in.width : in.height;
    Coefficients co = precompute(in_size, out_size);
    ImageU8 out(horizontal ? out_size : in.width, horizontal ? in.height : out_size, in.channels);
    for (int r = 0; r < out.height; ++r) {
        for (int c = 0; c < out.width; ++c) {
            const int o = horizontal ? c : r;
            const int32_t* w = &co.weights[size_t(o) * co.kernel_size];
            for (int ch = 0; ch < in.channels; ++ch) {
                int64_t acc = int64_t(1) << (kPrecisionBits - 1);
                for (int t = 0; t < co.count[o]; ++t) {
                    const int src = co.first[o] + t;
                    acc += int64_t(horizontal ? in.at(r, src, ch) : in.at(src, c, ch)) * w[t];
                }
                out.at(r, c, ch) = clip8(acc);
            }
        }
    }
    return out;
}

}  // namespace

ImageU8 resize_lanczos_pil(const ImageU8& img, int out_width, int out_height) {
    require(!img.empty() && out_width > 0 && out_height > 0, "resize_lanczos_pil: empty image or size");
    // Pillow skips a pass whose size does not change, and does the horizontal pass first.
    ImageU8 tmp = out_width != img.width ? resample_pass(img, out_width, true) : img;
    return out_height != img.height ? resample_pass(tmp, out_height, false) : tmp;
}

}  // namespace ivid

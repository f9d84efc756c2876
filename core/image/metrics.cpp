#include "core/image/metrics.hpp"

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "core/util/error.hpp"

namespace ivid {
namespace {

constexpr int kWindow = 11;
constexpr double kSigma = 1.5;

void require_same_shape(const Image& a, const Image& b, const char* what) {
    if (a.width != b.width || a.height != b.height || a.channels != b.channels || a.empty())
        throw Error::at(what, "image shapes", "equal and non-empty",
                        std::to_string(a.width) + "x" + std::to_string(a.height) + "x" + std::to_string(a.channels) +
                            " vs " + std::to_string(b.width) + "x" + std::to_string(b.height) + "x" +
                            std::to_string(b.channels));
}

std::vector<double> gaussian_window() {
    std::vector<double> w(kWindow);
    double sum = 0.0;
    for (int i = 0; i < kWindow; ++i) {
        const double x = i - kWindow / 2;
        w[i] = std::exp(-x * x / (2.0 * kSigma * kSigma));
        sum += w[i];
    }
    for (double& v : w) v /= sum;
    return w;
}

// Gaussian-weighted window means of `plane` (H x W) at every window position wholly inside the
// image: (H - 10) x (W - 10), separable (rows, then columns).
std::vector<double> window_means(const std::vector<double>& plane, int w, int h, const std::vector<double>& g) {
    const int ow = w - kWindow + 1, oh = h - kWindow + 1;
    std::vector<double> rows(size_t(h) * ow, 0.0), out(size_t(oh) * ow, 0.0);
    for (int y = 0; y < h; ++y)
        for (int x = 0; x < ow; ++x) {
            double s = 0.0;
            for (int k = 0; k < kWindow; ++k) s += g[k] * plane[size_t(y) * w + x + k];
            rows[size_t(y) * ow + x] = s;
        }
    for (int y = 0; y < oh; ++y)
        for (int x = 0; x < ow; ++x) {
            double s = 0.0;
            for (int k = 0; k < kWindow; ++k) s += g[k] * rows[size_t(y + k) * ow + x];
            out[size_t(y) * ow + x] = s;
        }
    return out;
}

void require_mask_for(const Image& img, const Image* mask, const char* what) {
    if (mask && (mask->width != img.width || mask->height != img.height || mask->channels != 1))
        throw Error::at(what, "mask shape", std::to_string(img.width) + "x" + std::to_string(img.height) + "x1",
                        std::to_string(mask->width) + "x" + std::to_string(mask->height) + "x" +
                            std::to_string(mask->channels));
}

bool counted(const Image* mask, size_t pixel) { return !mask || mask->data[pixel] > 0.5f; }

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

}  // namespace

double mean_squared_error(const Image& a, const Image& b, const Image* mask) {
    require_same_shape(a, b, "mean_squared_error");
    require_mask_for(a, mask, "mean_squared_error");
    double sum = 0.0;
    size_t count = 0;
    for (size_t p = 0; p < a.pixel_count(); ++p) {
        if (!counted(mask, p)) continue;
        for (int c = 0; c < a.channels; ++c) {
            const double d = double(a.data[p * a.channels + c]) - double(b.data[p * a.channels + c]);
            sum += d * d;
        }
        count += size_t(a.channels);
    }
    return count ? sum / double(count) : kNaN;
}

double psnr(const Image& a, const Image& b, double peak, const Image* mask) {
    const double mse = mean_squared_error(a, b, mask);
    if (mse == 0.0) return std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(peak * peak / mse);
}

double depth_abs_rel(const Image& estimate, const Image& truth, const Image* mask) {
    require_same_shape(estimate, truth, "depth_abs_rel");
    require_mask_for(truth, mask, "depth_abs_rel");
    if (truth.channels != 1) throw Error::at("depth_abs_rel", "channels", "1", std::to_string(truth.channels));
    double sum = 0.0;
    size_t count = 0;
    for (size_t p = 0; p < truth.pixel_count(); ++p) {
        if (!counted(mask, p) || !(truth.data[p] > 0.0f)) continue;
        sum += std::abs(double(estimate.data[p]) - double(truth.data[p])) / double(truth.data[p]);
        ++count;
    }
    return count ? sum / double(count) : kNaN;
}

double ssim(const Image& a, const Image& b, double dynamic_range, const Image* mask) {
    require_same_shape(a, b, "ssim");
    require_mask_for(a, mask, "ssim");
    if (a.width < kWindow || a.height < kWindow)
        throw Error::at("ssim", "image size", "at least 11x11",
                        std::to_string(a.width) + "x" + std::to_string(a.height));
    const double c1 = std::pow(0.01 * dynamic_range, 2), c2 = std::pow(0.03 * dynamic_range, 2);
    const std::vector<double> g = gaussian_window();
    const size_t n = a.pixel_count();
    double total = 0.0;
    size_t count = 0;
    for (int ch = 0; ch < a.channels; ++ch) {
        std::vector<double> x(n), y(n), xx(n), yy(n), xy(n);
        for (size_t i = 0; i < n; ++i) {
            x[i] = a.data[i * a.channels + ch];
            y[i] = b.data[i * b.channels + ch];
            xx[i] = x[i] * x[i];
            yy[i] = y[i] * y[i];
            xy[i] = x[i] * y[i];
        }
        const auto mx = window_means(x, a.width, a.height, g), my = window_means(y, a.width, a.height, g);
        const auto mxx = window_means(xx, a.width, a.height, g), myy = window_means(yy, a.width, a.height, g);
        const auto mxy = window_means(xy, a.width, a.height, g);
        const int ow = a.width - kWindow + 1;
        for (size_t i = 0; i < mx.size(); ++i) {
            const size_t centre = (i / size_t(ow) + kWindow / 2) * size_t(a.width) + i % size_t(ow) + kWindow / 2;
            if (!counted(mask, centre)) continue;
            const double vx = mxx[i] - mx[i] * mx[i], vy = myy[i] - my[i] * my[i];
            const double cov = mxy[i] - mx[i] * my[i];
            total += ((2 * mx[i] * my[i] + c1) * (2 * cov + c2)) /
                     ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
            ++count;
        }
    }
    return count ? total / double(count) : kNaN;
}

}  // namespace ivid

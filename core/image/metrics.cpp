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

}  // namespace

double mean_squared_error(const Image& a, const Image& b) {
    require_same_shape(a, b, "mean_squared_error");
    double sum = 0.0;
    for (size_t i = 0; i < a.data.size(); ++i) {
        const double d = double(a.data[i]) - double(b.data[i]);
        sum += d * d;
    }
    return sum / double(a.data.size());
}

double psnr(const Image& a, const Image& b, double peak) {
    const double mse = mean_squared_error(a, b);
    if (mse == 0.0) return std::numeric_limits<double>::infinity();
    return 10.0 * std::log10(peak * peak / mse);
}

double ssim(const Image& a, const Image& b, double dynamic_range) {
    require_same_shape(a, b, "ssim");
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
        for (size_t i = 0; i < mx.size(); ++i) {
            const double vx = mxx[i] - mx[i] * mx[i], vy = myy[i] - my[i] * my[i];
            const double cov = mxy[i] - mx[i] * my[i];
            total += ((2 * mx[i] * my[i] + c1) * (2 * cov + c2)) /
                     ((mx[i] * mx[i] + my[i] * my[i] + c1) * (vx + vy + c2));
        }
        count += mx.size();
    }
    return total / double(count);
}

}  // namespace ivid

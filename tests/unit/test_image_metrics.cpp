// PSNR and SSIM against analytic cases and a direct float64 evaluation of Wang et al.'s
// definition (every 11x11 window summed in 2D, no separable shortcut).
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "core/image/metrics.hpp"
#include "tests/test_support.hpp"

using namespace ivid;

namespace {

Image random_image(int w, int h, int c, uint32_t seed) {
    std::mt19937 rng(seed);
    std::uniform_real_distribution<float> u(0.0f, 1.0f);
    Image img(w, h, c);
    for (float& v : img.data) v = u(rng);
    return img;
}

// SSIM straight from the definition in float64: 2D Gaussian weights, each window on its own.
double ssim_reference(const Image& a, const Image& b) {
    double g[11][11], sum = 0.0;
    for (int i = 0; i < 11; ++i)
        for (int j = 0; j < 11; ++j) sum += g[i][j] = std::exp(-((i - 5) * (i - 5) + (j - 5) * (j - 5)) / 4.5);
    const double c1 = 1e-4, c2 = 9e-4;
    double total = 0.0;
    int count = 0;
    for (int ch = 0; ch < a.channels; ++ch)
        for (int y = 0; y + 11 <= a.height; ++y)
            for (int x = 0; x + 11 <= a.width; ++x) {
                double mx = 0, my = 0, sxx = 0, syy = 0, sxy = 0;
                for (int i = 0; i < 11; ++i)
                    for (int j = 0; j < 11; ++j) {
                        const double w = g[i][j] / sum, p = a.at(y + i, x + j, ch), q = b.at(y + i, x + j, ch);
                        mx += w * p;
                        my += w * q;
                    }
                for (int i = 0; i < 11; ++i)
                    for (int j = 0; j < 11; ++j) {
                        const double w = g[i][j] / sum;
                        const double p = a.at(y + i, x + j, ch) - mx, q = b.at(y + i, x + j, ch) - my;
                        sxx += w * p * p;
                        syy += w * q * q;
                        sxy += w * p * q;
                    }
                total += (2 * mx * my + c1) * (2 * sxy + c2) / ((mx * mx + my * my + c1) * (sxx + syy + c2));
                ++count;
            }
    return total / count;
}

}  // namespace

TEST_CASE("PSNR of a known error") {
    Image a(16, 8, 3, 0.5f), b = a;
    CHECK(std::isinf(psnr(a, b)));
    for (float& v : b.data) v += 0.1f;  // MSE = 0.01 -> 20 dB
    CHECK(psnr(a, b) == doctest::Approx(20.0).epsilon(1e-5));
    CHECK(psnr(a, b, 255.0) == doctest::Approx(20.0 + 20.0 * std::log10(255.0)).epsilon(1e-5));
}

TEST_CASE("SSIM of identical images is 1 and of constant images follows the luminance term") {
    Image a = random_image(20, 17, 3, 1);
    CHECK(ssim(a, a) == doctest::Approx(1.0).epsilon(1e-12));
    // Constant x = p, y = q: variances and covariance vanish, SSIM = (2pq + C1) / (p^2 + q^2 + C1).
    const double p = 0.3, q = 0.7, c1 = 1e-4;
    Image x(12, 12, 1, float(p)), y(12, 12, 1, float(q));
    CHECK(ssim(x, y) == doctest::Approx((2 * p * q + c1) / (p * p + q * q + c1)).epsilon(1e-6));
    // Inverting a zero-mean pattern makes the structure term negative.
    Image s(16, 16, 1), t(16, 16, 1);
    for (int r = 0; r < 16; ++r)
        for (int c = 0; c < 16; ++c) {
            s.at(r, c) = ((r + c) % 2) ? 0.8f : 0.2f;
            t.at(r, c) = 1.0f - s.at(r, c);
        }
    CHECK(ssim(s, t) < -0.9);
}

TEST_CASE("SSIM matches a direct float64 evaluation on noisy images") {
    Image a = random_image(23, 19, 3, 2), b = a;
    std::mt19937 rng(3);
    std::normal_distribution<float> noise(0.0f, 0.1f);
    for (float& v : b.data) v += noise(rng);
    const double ours = ssim(a, b), reference = ssim_reference(a, b);
    CHECK(ours == doctest::Approx(reference).epsilon(1e-9));
    CHECK(ours < 0.95);  // the noise is seen (0.938 here)
    CHECK(ssim(a, b, 2.0) > ours);  // a larger dynamic range forgives more
}

TEST_CASE("metrics reject mismatched or too small images") {
    using ivid::test::contains;
    using ivid::test::message_of;
    Image a(12, 12, 3), b(12, 12, 1), small(10, 12, 3);
    CHECK(contains(message_of([&] { psnr(a, b); }), "expected equal and non-empty, found 12x12x3 vs 12x12x1"));
    CHECK(contains(message_of([&] { ssim(small, small); }), "image size: expected at least 11x11, found 10x12"));
}

TEST_CASE("metrics restricted to a region count only its pixels") {
    // Left half equal, right half off by 0.1: PSNR 20 dB on the right, infinite on the left.
    Image a(16, 12, 3, 0.5f), b = a, right(16, 12, 1), left(16, 12, 1), none(16, 12, 1);
    for (int r = 0; r < 12; ++r)
        for (int c = 0; c < 16; ++c) {
            const bool is_right = c >= 8;
            right.at(r, c) = is_right ? 1.0f : 0.0f;
            left.at(r, c) = is_right ? 0.0f : 1.0f;
            if (is_right)
                for (int ch = 0; ch < 3; ++ch) b.at(r, c, ch) += 0.1f;
        }
    CHECK(psnr(a, b, 1.0, &right) == doctest::Approx(20.0).epsilon(1e-5));
    CHECK(std::isinf(psnr(a, b, 1.0, &left)));
    CHECK(std::isnan(psnr(a, b, 1.0, &none)));
    CHECK(psnr(a, b) == doctest::Approx(20.0 + 10.0 * std::log10(2.0)).epsilon(1e-5));  // half the pixels
    // A full mask is the unmasked metric; a mask picks the windows centred on its pixels.
    Image all(16, 12, 1, 1.0f);
    const Image noisy = random_image(16, 12, 3, 9);
    CHECK(ssim(noisy, a, 1.0, &all) == doctest::Approx(ssim(noisy, a)).epsilon(1e-12));
    CHECK(ssim(a, a, 1.0, &right) == doctest::Approx(1.0));
    CHECK(std::isnan(ssim(a, b, 1.0, &none)));
    // abs-rel: |2 - 1| / 1 on one pixel, |3 - 4| / 4 on the other; zero truth is skipped.
    Image est(3, 1, 1), truth(3, 1, 1);
    est.data = {2.0f, 3.0f, 7.0f};
    truth.data = {1.0f, 4.0f, 0.0f};
    CHECK(depth_abs_rel(est, truth) == doctest::Approx((1.0 + 0.25) / 2.0));
    Image first(3, 1, 1);
    first.data = {1.0f, 0.0f, 1.0f};
    CHECK(depth_abs_rel(est, truth, &first) == doctest::Approx(1.0));
    using ivid::test::contains;
    using ivid::test::message_of;
    Image wrong(4, 1, 1);
    CHECK(contains(message_of([&] { depth_abs_rel(est, truth, &wrong); }), "mask shape"));
}

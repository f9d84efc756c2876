// forward_backward_warp and the WarpDataset augmentation: round trip through the identity
// perturbation, augmentation semantics, bad input.
#include <doctest/doctest.h>

#include <cmath>

#include "core/raster/warp.hpp"
#include "tests/raster_scenes.hpp"
#include "tests/test_support.hpp"

using namespace ivid;
using ivid::test::contains;
using ivid::test::message_of;

TEST_CASE("warping with the identity perturbation returns the input where the mask is 1") {
    const int n = 32;
    const WarpSettings settings;
    const Image rgbd = test::smooth_rgbd(n, settings.near, settings.far);
    const glm::mat4 view0 = canonical_modelview();
    const WarpResult w = forward_backward_warp(rgbd, view0, view0, settings);
    REQUIRE(w.color.width == n);
    int masked = 0;
    double color_sum = 0, color_max_interior = 0, depth_max = 0;
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            if (w.mask.at(r, c) < 0.5f) continue;
            ++masked;
            for (int ch = 0; ch < 3; ++ch) {
                const double e = std::fabs(w.color.at(r, c, ch) - rgbd.at(r, c, ch));
                color_sum += e;
                // The Lanczos support (3 pixels) reaches the uncovered border half-pixel.
                if (r >= 4 && c >= 4 && r < n - 4 && c < n - 4) color_max_interior = std::max(color_max_interior, e);
            }
            depth_max = std::max(depth_max, double(std::fabs(w.depth.at(r, c) - rgbd.at(r, c, 3)) / rgbd.at(r, c, 3)));
        }
    // mesh1 ends at the border pixel centres, so the outer ring loses coverage; where the
    // border sub-pixel sample lies exactly on the mesh edge the fill rule drops it (image top and
    // right), and depth_edge then also removes the next ring on those sides.
    CHECK(masked >= (n - 3) * (n - 3));
    CHECK(color_sum / (3 * masked) < 0.01);
    CHECK(color_max_interior <= 3.0 / 255);  // two truncating 8-bit conversions
    CHECK(depth_max < 1e-4);                  // D24 + float32 encodings
    // Everything outside the mask is zeroed.
    for (size_t p = 0; p < w.mask.pixel_count(); ++p)
        if (w.mask.data[p] < 0.5f) CHECK(w.depth.data[p] == 0.0f);
}

TEST_CASE("augmentation: blur of the original colour, eroded mask_rgb, everything times mask") {
    const int n = 8;
    WarpResult w;
    w.color = Image(n, n, 3, 0.25f);
    w.depth = Image(n, n, 1, 0.5f);
    w.mask = Image(n, n, 1, 1.0f);
    w.mask.at(0, 0) = 0.0f;
    const Image original = test::smooth_rgbd(n, 0.5f, 100.0f);

    const WarpTrainingPair plain = augment_warp_pair(original, w, {});
    CHECK(plain.mask_rgb.empty());
    CHECK(plain.y.at(0, 0, 0) == 0.0f);
    CHECK(plain.y.at(3, 3, 1) == 0.25f);
    CHECK(plain.y.at(3, 3, 3) == 0.5f);

    WarpAugmentation aug;
    aug.blur_sigma = 0.6f;
    aug.erode_size = 3;
    const WarpTrainingPair pair = augment_warp_pair(original, w, aug);
    REQUIRE(pair.mask_rgb.width == n);
    CHECK(pair.mask_rgb.at(1, 1) == 0.0f);  // the 3x3 erosion spreads the hole at (0,0)
    CHECK(pair.mask_rgb.at(2, 2) == 1.0f);
    CHECK(pair.y.at(1, 1, 0) == 0.0f);
    CHECK(pair.y.at(1, 1, 3) == 0.5f);      // depth is only multiplied by mask
    // A 3x3 blur of a linear ramp keeps the interior ramp value.
    CHECK(pair.y.at(4, 4, 0) == doctest::Approx(original.at(4, 4, 0)).epsilon(1e-5));
}

TEST_CASE("forward_backward_warp and augment_warp_pair reject bad input") {
    const glm::mat4 view = canonical_modelview();
    CHECK(contains(message_of([&] { forward_backward_warp(Image(8, 6, 4), view, view, {}); }), "square"));
    CHECK(contains(message_of([&] { forward_backward_warp(Image(8, 8, 3), view, view, {}); }), "8x8x3"));
    WarpSettings bad;
    bad.ssaa = 0;
    CHECK(contains(message_of([&] { forward_backward_warp(Image(8, 8, 4), view, view, bad); }), "ssaa"));
    bad = {};
    bad.padding_pixels = -2;
    CHECK(contains(message_of([&] { forward_backward_warp(Image(8, 8, 4), view, view, bad); }), "padding"));

    WarpResult w;
    w.color = Image(8, 8, 3);
    w.depth = Image(8, 8, 1);
    w.mask = Image(8, 8, 1);
    CHECK(contains(message_of([&] { augment_warp_pair(Image(4, 4, 4), w, {}); }), "original rgbd"));
    WarpAugmentation aug;
    aug.erode_size = 0;
    CHECK(contains(message_of([&] { augment_warp_pair(Image(8, 8, 4), w, aug); }), "erode_size"));
}

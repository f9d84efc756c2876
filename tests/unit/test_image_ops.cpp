// Pillow Lanczos, SSAA post-processing and mask operations against the IVID fixtures
// (bit-exact 8-bit outputs) and analytic cases.
#include <doctest/doctest.h>

#include <cmath>

#include "core/image/npy.hpp"
#include "core/raster/mask_ops.hpp"
#include "core/raster/pil_resample.hpp"
#include "core/raster/ssaa.hpp"
#include "core/util/error.hpp"

using namespace ivid;

namespace {
std::string fixture(const std::string& name) {
    return std::string(IVID_FIXTURES_DIR) + "/ivid-gl/" + name + ".npy";
}
Image load_image(const std::string& name) { return npy_to_image(load_npy(fixture(name)), name); }
ImageU8 load_u8(const std::string& name) { return npy_to_image_u8(load_npy(fixture(name)), name); }

long long differences(const ImageU8& a, const ImageU8& b) {
    REQUIRE(a.data.size() == b.data.size());
    long long n = 0;
    for (size_t i = 0; i < a.data.size(); ++i) n += a.data[i] != b.data[i];
    return n;
}
}  // namespace

TEST_CASE("Pillow Lanczos matches IVID's 8-bit resizes bit for bit") {
    for (const char* prefix : {"c3_p0_fwd", "c3_p0_bwd", "c3_p1_fwd", "c3_p1_bwd"}) {
        CAPTURE(prefix);
        ImageU8 full = load_u8(std::string(prefix) + "_color8_full");
        ImageU8 expected = load_u8(std::string(prefix) + "_color_u8");
        CHECK(differences(resize_lanczos_pil(full, expected.width, expected.height), expected) == 0);
    }
}

TEST_CASE("downsample_color = to8b + Lanczos, with and without clipping") {
    // aggregate_conditions clips (to8b); render.py truncates without clipping.
    for (const char* call : {"c4_call1", "c4_call4"}) {
        CAPTURE(call);
        ImageU8 ours = downsample_color(load_image(std::string(call) + "_raw_color"), 3, true);
        CHECK(differences(ours, load_u8(std::string(call) + "_color_u8")) == 0);
    }
    for (const char* frame : {"c5_f00", "c5_f13", "c5_f37"}) {
        CAPTURE(frame);
        ImageU8 ours = downsample_color(load_image(std::string(frame) + "_raw_color"), 5, false);
        CHECK(differences(ours, load_u8(std::string(frame) + "_frame_u8")) == 0);
    }
}

TEST_CASE("Lanczos keeps a constant image constant and rejects empty input") {
    ImageU8 flat(30, 30, 3, 77);
    ImageU8 out = resize_lanczos_pil(flat, 10, 10);
    for (uint8_t v : out.data) CHECK(v == 77);
    CHECK_THROWS_AS(resize_lanczos_pil(ImageU8{}, 4, 4), ivid::Error);
}

TEST_CASE("point and coverage downsampling") {
    Image full(6, 6, 1);
    for (int r = 0; r < 6; ++r)
        for (int c = 0; c < 6; ++c) full.at(r, c) = float(r * 10 + c);
    Image point = downsample_point(full, 3);
    CHECK(point.at(0, 0) == doctest::Approx(11));  // centre sub-pixel (1, 1)
    CHECK(point.at(1, 1) == doctest::Approx(44));

    Image mask(3, 3, 1, 1.0f);
    CHECK(downsample_coverage(mask, 3).at(0, 0) == 1.0f);
    mask.at(0, 0) = 0.0f;  // 8 of 9 > 6.75
    CHECK(downsample_coverage(mask, 3).at(0, 0) == 1.0f);
    mask.at(0, 1) = 0.0f;
    mask.at(0, 2) = 0.0f;  // 6 of 9 is not more than 6.75
    CHECK(downsample_coverage(mask, 3).at(0, 0) == 0.0f);
    CHECK_THROWS_AS(downsample_point(Image(7, 6, 1), 3), ivid::Error);
}

TEST_CASE("depth_edge flags both sides of a step, not flat regions") {
    Image depth(8, 8, 1, 0.3f);
    for (int r = 0; r < 8; ++r)
        for (int c = 4; c < 8; ++c) depth.at(r, c) = 0.8f;
    Image mask = depth_edge_mask(depth, 0.03f, 0.03f);
    // Interior column next to the step: right, and two diagonals differ -> count 3 -> masked.
    CHECK(mask.at(3, 3) == 0.0f);
    CHECK(mask.at(3, 4) == 0.0f);
    CHECK(mask.at(3, 2) == 1.0f);
    CHECK(mask.at(3, 5) == 1.0f);
    // Corner rows have only two differing pairs.
    CHECK(mask.at(0, 3) == 1.0f);
    // Small relative change within tolerance keeps everything.
    Image smooth(8, 8, 1, 0.5f);
    smooth.at(2, 2) = 0.51f;
    Image keep = depth_edge_mask(smooth, 0.03f, 0.03f);
    for (float v : keep.data) CHECK(v == 1.0f);
}

TEST_CASE("WarpDataset augmentation: blur of the original colour and eroded mask") {
    Image rgbd = load_image("c3_rgbd");
    Image colour = select_channels(rgbd, 0, 3);
    for (const char* p : {"c3_p0", "c3_p1"}) {
        CAPTURE(p);
        Image mask = load_image(std::string(p) + "_mask");
        Image mask_rgb = erode_mask(mask, 5);
        Image expected_mask_rgb = load_image(std::string(p) + "_aug_mask_rgb");
        CHECK(mask_rgb.data == expected_mask_rgb.data);
        Image y = multiply_by_mask(multiply_by_mask(gaussian_blur(colour, 3, 0.6f), mask_rgb), mask);
        Image expected = select_channels(load_image(std::string(p) + "_aug_y"), 0, 3);
        double max_err = 0;
        for (size_t i = 0; i < y.data.size(); ++i)
            max_err = std::max(max_err, double(std::fabs(y.data[i] - expected.data[i])));
        CHECK(max_err < 1e-6);
    }
}

TEST_CASE("erosion does not erode from the border") {
    Image mask(5, 5, 1, 1.0f);
    Image eroded = erode_mask(mask, 3);
    for (float v : eroded.data) CHECK(v == 1.0f);
    mask.at(2, 2) = 0.0f;
    eroded = erode_mask(mask, 3);
    CHECK(eroded.at(1, 1) == 0.0f);
    CHECK(eroded.at(0, 0) == 1.0f);
}

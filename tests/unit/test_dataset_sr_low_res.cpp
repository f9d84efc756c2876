// The super-resolution stage's low-res condition (core/dataset/sr_low_res): the 3x3 Gaussian blur
// against kernels computed here in double, the limits of the blur (sigma -> 0, constant images),
// depth passed through, the load path on a dataset written to a temporary folder, and bad input.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/dataset/resize_crop.hpp"
#include "core/dataset/rgbd_dataset.hpp"
#include "core/dataset/sr_low_res.hpp"
#include "core/image/image_io.hpp"
#include "core/image/npy.hpp"
#include "tests/test_support.hpp"

using namespace ivid;
using namespace ivid::dataset;
using ivid::test::contains;
using ivid::test::message_of;
using ivid::test::TempDir;

namespace {

const DepthEncoding kEncoding;  // near 0.6, far 5

// Channel values that step by 37 along the interleaved data and by 11 more from pixel to pixel
// (mod 256): neighbours differ in every channel.
ImageU8 colours(int width, int height) {
    ImageU8 img(width, height, 3);
    for (size_t i = 0; i < img.data.size(); ++i) img.data[i] = uint8_t((37 * i + 11 * (i / 3)) % 256);
    return img;
}

// Depth values a blur would change: 0, 1 and ones with many significant bits.
Image depth_values(int width, int height) {
    Image d(width, height, 1);
    for (size_t i = 0; i < d.data.size(); ++i) d.data[i] = i % 3 == 0 ? float(i % 2) : 0.123456789f * float(i) / 7.0f;
    return d;
}

// cv2.GaussianBlur's 3x3 kernel in double: exp(-j^2 / (2 sigma^2)) normalised, j = -1, 0, 1.
double kernel_tap(int j, double sigma) {
    const double side = std::exp(-1.0 / (2.0 * sigma * sigma));
    return (j == 0 ? 1.0 : side) / (1.0 + 2.0 * side);
}

// Reflect-101 (OpenCV's default border): -1 -> 1, n -> n - 2.
int reflect101(int i, int n) { return i < 0 ? -i : i >= n ? 2 * n - 2 - i : i; }

// The weight output index p gives source index `source` along an axis of n pixels (two taps fold
// onto one pixel next to the border), and how many taps that is.
struct AxisWeight {
    double weight = 0.0;
    int taps = 0;
};
AxisWeight axis_weight(int p, int source, int n, double sigma) {
    AxisWeight w;
    for (int d = -1; d <= 1; ++d)
        if (reflect101(p + d, n) == source) w.weight += kernel_tap(d, sigma), ++w.taps;
    return w;
}

// Linear depth 0.75 + i / 32 at flat index i (exact in float; inside [near, far] up to i = 136), and its z_buffer in double.
Image depth_steps(int width, int height) {
    Image d(width, height, 1);
    for (size_t i = 0; i < d.data.size(); ++i) d.data[i] = 0.75f + 0.03125f * float(i);
    return d;
}
double zbuffer64(double z) {
    const double near = kEncoding.near, far = kEncoding.far;
    return (1.0 / near - 1.0 / z) / (1.0 / near - 1.0 / far);
}

}  // namespace

TEST_CASE("a blur sigma near 0 leaves the colour unchanged, and the depth is passed through bit for bit") {
    const ImageU8 colour = colours(7, 5);
    const Image depth = depth_values(7, 5);
    for (double sigma : {1e-3, 1e-2, 0.1}) {
        const Image y = low_res_condition(colour, depth, sigma);
        REQUIRE((y.width == 7 && y.height == 5 && y.channels == 4));
        long long changed = 0, depth_changed = 0;
        for (int r = 0; r < 5; ++r)
            for (int c = 0; c < 7; ++c) {
                for (int ch = 0; ch < 3; ++ch) changed += y.at(r, c, ch) != float(colour.at(r, c, ch)) / 255.0f;
                depth_changed += y.at(r, c, 3) != depth.at(r, c);
            }
        CAPTURE(sigma);
        CHECK(changed == 0);
        CHECK(depth_changed == 0);
    }
    // A large sigma does change the colour but never the depth.
    const Image y = low_res_condition(colour, depth, 1.0);
    long long changed = 0, depth_changed = 0;
    for (int r = 0; r < 5; ++r)
        for (int c = 0; c < 7; ++c) {
            changed += y.at(r, c, 0) != float(colour.at(r, c, 0)) / 255.0f;
            depth_changed += y.at(r, c, 3) != depth.at(r, c);
        }
    CHECK(changed > 0);
    CHECK(depth_changed == 0);
}

TEST_CASE("low_res_condition leaves its inputs as they are; without a sigma it is the colour / 255 and the depth") {
    const ImageU8 colour = colours(7, 5);
    const Image depth = depth_values(7, 5);
    const ImageU8 colour_before = colour;
    const Image blurred = low_res_condition(colour, depth, 1.0);  // changes the colour (see above)
    CHECK(colour.data == colour_before.data);  // a training loop blurs the same stored pair at every draw
    const Image as_is = low_res_condition(colour, depth, std::nullopt);
    long long differ = 0, from_blurred = 0;
    for (int r = 0; r < 5; ++r)
        for (int c = 0; c < 7; ++c) {
            for (int ch = 0; ch < 3; ++ch) {
                differ += as_is.at(r, c, ch) != float(colour.at(r, c, ch)) / 255.0f;
                from_blurred += as_is.at(r, c, ch) != blurred.at(r, c, ch);
            }
            differ += as_is.at(r, c, 3) != depth.at(r, c);
        }
    CHECK(differ == 0);
    CHECK(from_blurred > 0);
}

TEST_CASE("a constant image stays constant under any blur sigma") {
    for (int value : {0, 1, 127, 254, 255})
        for (double sigma : {1e-3, 0.3, 0.8, 1.0, 5.0, 1e3}) {
            const Image y = low_res_condition(ImageU8(6, 4, 3, uint8_t(value)), Image(6, 4, 1, 0.5f), sigma);
            long long differ = 0;
            for (int r = 0; r < 4; ++r)
                for (int c = 0; c < 6; ++c)
                    for (int ch = 0; ch < 3; ++ch) differ += y.at(r, c, ch) != float(value) / 255.0f;
            CAPTURE(value);
            CAPTURE(sigma);
            CHECK(differ == 0);
        }
}

TEST_CASE("a bright pixel spreads as the 3x3 Gaussian kernel computed in double") {
    // cv2's 8-bit path holds the taps in steps of 1/256 (summing to exactly 1), each within 1/256
    // of the true tap, and rounds the result once: a pixel of value v weighted a x b along the two
    // axes (taps t_a, t_b of them) lands within v (e_a b + a e_b + e_a e_b) + 0.5 of v a b, with
    // e = t / 256. That bound is met over 4500 sigmas by cv2 itself; a wrong border (reflect
    // instead of reflect-101) or a wrong sigma misses it by tens of levels.
    for (int at : {2, 1, 0})  // inside, next to the border (two taps fold), in the corner
        for (double sigma : {0.2, 0.3535, 0.5, 0.8, 1.0, 2.0, 30.0})
            for (int value : {255, 155, 1}) {
                ImageU8 colour(5, 5, 3, 0);
                for (int ch = 0; ch < 3; ++ch) colour.at(at, at, ch) = uint8_t(value);
                const Image y = low_res_condition(colour, Image(5, 5, 1), sigma);
                double worst_excess = -INFINITY;  // largest |ours - double| - bound
                for (int r = 0; r < 5; ++r)
                    for (int c = 0; c < 5; ++c) {
                        const AxisWeight a = axis_weight(r, at, 5, sigma), b = axis_weight(c, at, 5, sigma);
                        const double ea = a.taps / 256.0, eb = b.taps / 256.0;
                        const double bound = value * (ea * b.weight + a.weight * eb + ea * eb) + 0.5;
                        for (int ch = 0; ch < 3; ++ch)
                            worst_excess = std::max(worst_excess, std::fabs(double(y.at(r, c, ch)) * 255.0 -
                                                                            value * a.weight * b.weight) - bound);
                    }
                CAPTURE(at);
                CAPTURE(sigma);
                CAPTURE(value);
                CHECK(worst_excess <= 0.0);
            }
}

TEST_CASE("low_res_condition: bad sigmas and mismatched images are errors naming the value") {
    const ImageU8 colour = colours(4, 4);
    const Image depth(4, 4, 1);
    const auto sigma_error = [&](double sigma) {
        return message_of([&] { low_res_condition(colour, depth, sigma); });
    };
    CHECK(contains(sigma_error(std::numeric_limits<double>::quiet_NaN()), "blur sigma: expected a finite number > 0, found nan"));
    CHECK(contains(sigma_error(0.0), "found 0"));
    CHECK(contains(sigma_error(-0.5), "found -0.5"));
    CHECK(contains(sigma_error(std::numeric_limits<double>::infinity()), "found inf"));
    CHECK(contains(message_of([&] { low_res_condition(colour, Image(3, 4, 1), 0.5); }), "found 3x4x1"));
    CHECK(contains(message_of([&] { low_res_condition(colour, Image(4, 4, 2), 0.5); }), "found 4x4x2"));
    CHECK(contains(message_of([&] { low_res_condition(ImageU8(4, 4, 1), depth, 0.5); }), "found 4x4x1"));
    CHECK(contains(message_of([&] { low_res_condition(ImageU8(), Image(), 0.5); }), "found 0x0x0"));
}

TEST_CASE("load_sr_sample: the high-res sample as RgbdDataset::load gives it and the low-res pair from the original") {
    TempDir tmp;
    std::filesystem::create_directories(tmp.path / "images");
    std::filesystem::create_directories(tmp.path / "depths");
    write_png(tmp.path / "images" / "a.png", colours(12, 8));
    save_npy(tmp.path / "depths" / "a.npy", image_to_npy(depth_steps(12, 8)));
    const RgbdDataset data(tmp.path);

    const SrSample s = load_sr_sample(data, 0, 8, 4, kEncoding);
    CHECK(s.high_res.rgbd.data == data.load(0, 8, kEncoding).rgbd.data);
    REQUIRE((s.low_res_colour.width == 4 && s.low_res_colour.height == 4 && s.low_res_colour.channels == 3));
    REQUIRE((s.low_res_depth.width == 4 && s.low_res_depth.height == 4 && s.low_res_depth.channels == 1));
    // The low-res colour is the ORIGINAL resized to 4 (not the 8x8 crop resized again).
    CHECK(s.low_res_colour.data == resize_crop_lanczos(colours(12, 8), 4).data);
    // 12x8 -> 6x4 nearest (source rows 1, 3, 5, 7; columns 1, 3, ..., 11), cropped at column 1.
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c)
            CHECK(std::fabs(s.low_res_depth.at(r, c) - zbuffer64(0.75 + 0.03125 * ((1 + 2 * r) * 12 + 3 + 2 * c))) <= 1e-6);

    // At lr = size the low-res pair is the high-res sample itself.
    const SrSample same = load_sr_sample(data, 0, 8, 8, kEncoding);
    long long differ = 0;
    for (int r = 0; r < 8; ++r)
        for (int c = 0; c < 8; ++c) {
            for (int ch = 0; ch < 3; ++ch)
                differ += float(same.low_res_colour.at(r, c, ch)) / 255.0f != same.high_res.rgbd.at(r, c, ch);
            differ += same.low_res_depth.at(r, c) != same.high_res.rgbd.at(r, c, 3);
        }
    CHECK(differ == 0);

    CHECK(contains(message_of([&] { load_sr_sample(data, 0, 8, 0, kEncoding); }), "low-res size: expected 1 to the high-res size 8, found 0"));
    CHECK(contains(message_of([&] { load_sr_sample(data, 0, 8, 9, kEncoding); }), "found 9"));
    CHECK(contains(message_of([&] { load_sr_sample(data, 0, 0, 0, kEncoding); }), "size: expected positive, found 0"));
    CHECK(contains(message_of([&] { load_sr_sample(data, 0, 8, 4, DepthEncoding{2.0f, 1.0f}); }), "0 < near < far"));
}

TEST_CASE("MiDaS .npz depth is encoded bit for bit as NumPy does it, with near/far as the config's decimals") {
    // IVID's BaseDataset in float32, the Python floats 0.6 and 5.0 (not 0.6f) entering as doubles.
    const float raw[3][4] = {{0, 3, 625, 1250}, {2500, 3125, 6250, 9375}, {12500, 15000, 5000, 100}};
    const double near = 0.6, far = 5.0;
    const float max = 15000.0f / 6250.0f, scale = float(double(max) * near);
    REQUIRE(double(max) > 1.0 / near);
    const auto numpy_zbuffer = [&](int r, int c) {
        const float d = std::max(raw[r][c] / 6250.0f / scale, 1e-3f);
        return std::clamp((d - float(1.0 / near)) / float(1.0 / far - 1.0 / near), 0.0f, 1.0f);
    };
    TempDir tmp;
    std::filesystem::create_directories(tmp.path / "images");
    std::filesystem::create_directories(tmp.path / "depths");
    write_png(tmp.path / "images" / "x.png", colours(4, 3));
    std::filesystem::copy_file(std::filesystem::path(IVID_FIXTURES_DIR) / "dataset" / "midas_stored.npz",
                               tmp.path / "depths" / "x.npz");
    const SrSample s = load_sr_sample(RgbdDataset(tmp.path), 0, 3, 3, kEncoding);
    long long differ = 0;
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)  // 4x3 at size 3: no resize, columns 0-2 kept
            differ += (s.high_res.rgbd.at(r, c, 3) != numpy_zbuffer(r, c)) + (s.low_res_depth.at(r, c) != numpy_zbuffer(r, c));
    CHECK(differ == 0);
}

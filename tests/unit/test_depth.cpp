// Depth encodings: z_buffer <-> linear against IVID's numbers (fixture c1: float32, exact),
// analytic round trips, and GL window depth against the perspective matrix itself.
#include <doctest/doctest.h>

#include <cmath>

#include "core/geometry/camera.hpp"
#include "core/geometry/depth.hpp"
#include "core/image/npy.hpp"
#include "core/util/error.hpp"

using namespace ivid;

namespace {
const std::filesystem::path kFixtures = std::filesystem::path(IVID_FIXTURES_DIR) / "ivid-gl";
}

TEST_CASE("linear_from_zbuffer reproduces IVID's linearize_depth bit for bit") {
    for (const std::string prefix : {"c1", "c1s"}) {
        const Image rgbd = npy_to_image(load_npy(kFixtures / (prefix + "_rgbd.npy")), prefix);
        const Image expected = npy_to_image(load_npy(kFixtures / (prefix + "_depth_lin.npy")), prefix);
        const Image linear = linear_from_zbuffer(select_channels(rgbd, 3, 1), 0.6f, 5.0f);
        REQUIRE(linear.data.size() == expected.data.size());
        long long differ = 0;
        for (size_t i = 0; i < linear.data.size(); ++i) differ += linear.data[i] != expected.data[i];
        CHECK(differ == 0);
    }
}

TEST_CASE("z_buffer encoding: end points, clipping and round trip") {
    CHECK(zbuffer_from_linear(0.6f, 0.6f, 5.0f) == 0.0f);
    CHECK(zbuffer_from_linear(5.0f, 0.6f, 5.0f) == doctest::Approx(1.0).epsilon(1e-6));
    CHECK(zbuffer_from_linear(0.1f, 0.6f, 5.0f) == 0.0f);  // clipped to near
    CHECK(zbuffer_from_linear(50.0f, 0.6f, 5.0f) == zbuffer_from_linear(5.0f, 0.6f, 5.0f));
    // Analytic value: z = 1 with near 0.5, far 100: (2 - 1) / (2 - 0.01).
    CHECK(zbuffer_from_linear(1.0f, 0.5f, 100.0f) == doctest::Approx(1.0 / 1.99).epsilon(1e-6));
    for (float z = 0.6f; z <= 5.0f; z += 0.01f) {
        const float back = linear_from_zbuffer(zbuffer_from_linear(z, 0.6f, 5.0f), 0.6f, 5.0f);
        CHECK(back == doctest::Approx(z).epsilon(2e-6));
    }
    // The inverse clips d to [1e-6, 1 - 1e-6]: never near/far exactly, never infinite.
    CHECK(linear_from_zbuffer(0.0f, 0.6f, 5.0f) > 0.6f);
    CHECK(std::isfinite(linear_from_zbuffer(1.0f, 0.5f, 100.0f)));
    CHECK(linear_from_zbuffer(1.0f, 0.5f, 100.0f) < 100.0f);
}

TEST_CASE("GL window depth agrees with the perspective matrix") {
    for (const auto& [near, far] : {std::pair{0.1f, 200.0f}, std::pair{0.01f, 200.0f}}) {
        const glm::dmat4 proj(perspective(45.0f, 1.0f, near, far));
        for (double z : {0.05, 0.3, 1.0, 1.7, 12.0, 150.0}) {
            if (z < near) continue;
            const glm::dvec4 clip = proj * glm::dvec4(0.2, -0.1, -z, 1.0);
            const double w = 0.5 * clip.z / clip.w + 0.5;
            CHECK(window_depth_from_linear(float(z), near, far) == doctest::Approx(w).epsilon(1e-5));
            // Rounding w to float costs a relative z error of about (z / near) * 2^-24.
            const double float_limit = z / near * 1.2e-7 + 1e-6;
            CHECK(linear_from_window_depth(float(w), near, far) == doctest::Approx(z).epsilon(float_limit));
        }
        CHECK(window_depth_from_linear(near, near, far) == 0.0f);
        CHECK(window_depth_from_linear(far, near, far) == doctest::Approx(1.0).epsilon(1e-6));
    }
    // The README's value for a cleared D24 pixel with 0.1/200: w = 1 reads as ~far.
    CHECK(linear_from_window_depth(1.0f, 0.1f, 200.0f) == doctest::Approx(200.0).epsilon(1e-4));
}

TEST_CASE("disparity") {
    CHECK(disparity_from_linear(4.0f) == 0.25f);
    CHECK(disparity_from_linear(0.0f) == 0.0f);
    CHECK(disparity_from_linear(-1.0f) == 0.0f);
}

TEST_CASE("image conversions need one channel") {
    const Image rgb(4, 4, 3, 1.0f);
    CHECK_THROWS_AS(linear_from_zbuffer(rgb, 0.6f, 5.0f), Error);
    CHECK_THROWS_AS(zbuffer_from_linear(rgb, 0.6f, 5.0f), Error);
    const Image one(3, 2, 1, 2.0f);
    const Image d = zbuffer_from_linear(one, 0.5f, 100.0f);
    CHECK(d.width == 3);
    CHECK(d.height == 2);
    CHECK(d.at(1, 2) == zbuffer_from_linear(2.0f, 0.5f, 100.0f));
}

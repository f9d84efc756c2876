// Colormaps: OpenCV-provided tables against entries of the published 256-entry tables (Google's
// turbo_srgb_floats, matplotlib's _viridis_data), exact grey, and colorize's range, reversed
// range, step, mask and non-finite handling.
#include <doctest/doctest.h>

#include <cmath>
#include <initializer_list>
#include <limits>

#include "core/image/colormap.hpp"
#include "tests/test_support.hpp"

using ivid::Colormap;

namespace {

struct TableEntry {
    int index;  // of 256: t = index / 255
    float rgb[3];
};

// Largest per-channel difference between the map and the table entries.
float max_table_error(Colormap map, std::initializer_list<TableEntry> entries) {
    float worst = 0.0f;
    for (const TableEntry& entry : entries) {
        const auto rgb = ivid::colormap_rgb(map, static_cast<float>(entry.index) / 255.0f);
        for (int c = 0; c < 3; ++c) worst = std::max(worst, std::abs(rgb[c] - entry.rgb[c]));
    }
    return worst;
}

}  // namespace

TEST_CASE("turbo and viridis match the published tables to 8-bit rounding") {
    const float turbo_error = max_table_error(
        Colormap::Turbo, {{0, {0.18995f, 0.07176f, 0.23217f}},
                          {128, {0.64362f, 0.98999f, 0.23356f}},
                          {255, {0.47960f, 0.01583f, 0.01055f}}});
    const float viridis_error = max_table_error(
        Colormap::Viridis, {{0, {0.267004f, 0.004874f, 0.329415f}},
                            {128, {0.127568f, 0.566949f, 0.550556f}},
                            {255, {0.993248f, 0.906157f, 0.143936f}}});
    MESSAGE("turbo max error " << turbo_error << ", viridis max error " << viridis_error);
    CHECK(turbo_error <= 0.5f / 255.0f + 1e-6f);
    CHECK(viridis_error <= 0.5f / 255.0f + 1e-6f);
}

TEST_CASE("grey is t itself and t is clamped to [0, 1]") {
    CHECK(ivid::colormap_rgb(Colormap::Grey, 0.25f)[1] == doctest::Approx(0.25f).epsilon(1e-6));
    CHECK(ivid::colormap_rgb(Colormap::Grey, -3.0f)[0] == 0.0f);
    CHECK(ivid::colormap_rgb(Colormap::Grey, 7.0f)[2] == 1.0f);
    CHECK(ivid::colormap_rgb(Colormap::Grey, std::numeric_limits<float>::quiet_NaN())[0] == 0.0f);
    CHECK(ivid::colormap_rgb(Colormap::Turbo, 2.0f) == ivid::colormap_rgb(Colormap::Turbo, 1.0f));
}

TEST_CASE("colormap names round-trip and an unknown name is an error naming it") {
    for (const auto& [map, name] : ivid::kColormapNames)
        CHECK(ivid::parse_colormap(ivid::colormap_name(map)) == map);
    const std::string message = ivid::test::message_of([] { ivid::parse_colormap("jet"); });
    CHECK(message == "colormap: name: expected \"turbo\", \"viridis\" or \"grey\", found \"jet\"");
}

TEST_CASE("colorize maps lo to the first colour and hi to the last; masked and NaN get no-data") {
    ivid::Image values(5, 1, 1);
    values.data = {1.0f, 3.0f, 2.0f, std::numeric_limits<float>::quiet_NaN(), 5.0f};
    ivid::ImageU8 valid(5, 1, 1, 255);
    valid.data[4] = 0;
    const ivid::ImageU8 grey = ivid::colorize(values, Colormap::Grey, {1.0f, 3.0f}, &valid);
    CHECK(grey.channels == 3);
    CHECK(grey.at(0, 0, 0) == 0);
    CHECK(grey.at(0, 1, 0) == 255);
    CHECK(grey.at(0, 2, 0) == 128);  // t = 0.5 -> table entry 128 (round(127.5))
    CHECK(grey.at(0, 3, 0) == ivid::kNoDataColor[0]);
    CHECK(grey.at(0, 4, 1) == ivid::kNoDataColor[1]);

    const ivid::ImageU8 turbo = ivid::colorize(values, Colormap::Turbo, {1.0f, 3.0f});
    const auto low = ivid::colormap_rgb(Colormap::Turbo, 0.0f);
    CHECK(turbo.at(0, 0, 2) == std::lround(low[2] * 255.0f));

    const ivid::ImageU8 reversed = ivid::colorize(values, Colormap::Grey, {3.0f, 1.0f});
    CHECK(reversed.at(0, 0, 0) == 255);
    CHECK(reversed.at(0, 1, 0) == 0);
    CHECK(reversed.at(0, 4, 0) == 0);  // beyond the range: clamped

    const ivid::ImageU8 step = ivid::colorize(values, Colormap::Grey, {2.0f, 2.0f});
    CHECK(step.at(0, 0, 0) == 0);
    CHECK(step.at(0, 2, 0) == 255);

    const ivid::ImageU8 wrong(4, 1, 1, 255);
    CHECK(ivid::test::contains(
        ivid::test::message_of([&] { ivid::colorize(values, Colormap::Grey, {0, 1}, &wrong); }),
        "5x1x1"));
}

TEST_CASE("finite_range skips masked and non-finite values and falls back to [0, 1]") {
    ivid::Image values(4, 1, 1);
    values.data = {-2.0f, std::numeric_limits<float>::infinity(), 0.5f, 9.0f};
    ivid::ImageU8 valid(4, 1, 1, 255);
    valid.data[3] = 0;
    const ivid::ValueRange range = ivid::finite_range(values, &valid);
    CHECK(range.lo == -2.0f);
    CHECK(range.hi == 0.5f);
    const ivid::ImageU8 none(4, 1, 1, 0);
    CHECK(ivid::finite_range(values, &none).lo == 0.0f);
    CHECK(ivid::finite_range(values, &none).hi == 1.0f);
}

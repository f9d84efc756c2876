// Measures of ivid eval that need no model: the Telea inpainting baseline and the multi-view
// reprojection consistency of a scene.
#include <doctest/doctest.h>

#include <cmath>

#include "core/eval/inpaint_baseline.hpp"
#include "core/eval/view_consistency.hpp"
#include "core/geometry/camera.hpp"
#include "core/scene/synth_render.hpp"
#include "tests/test_support.hpp"

using namespace ivid;
using ivid::test::contains;
using ivid::test::message_of;

TEST_CASE("Telea fills a hole in smooth colour and depth from its surroundings") {
    const int n = 32;
    Image color(n, n, 3), depth(n, n, 1), known(n, n, 1, 1.0f);
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            color.at(r, c, 0) = float(c) / n;
            color.at(r, c, 1) = float(r) / n;
            color.at(r, c, 2) = 0.5f;
            depth.at(r, c) = 1.0f + 0.05f * float(c);
            if (r >= 12 && r < 20 && c >= 12 && c < 20) known.at(r, c) = 0.0f;
        }
    Image holed_color = color, holed_depth = depth;
    for (size_t p = 0; p < known.pixel_count(); ++p)
        if (known.data[p] < 0.5f) {
            holed_depth.data[p] = 0.0f;
            for (int ch = 0; ch < 3; ++ch) holed_color.data[3 * p + ch] = 0.0f;
        }
    const eval::RgbdFill fill = eval::telea_fill(holed_color, known, holed_depth, known);
    double worst_color = 0.0, worst_depth = 0.0;
    for (size_t p = 0; p < known.pixel_count(); ++p) {
        if (known.data[p] > 0.5f) {
            CHECK(fill.depth.data[p] == depth.data[p]);  // known pixels are kept
            continue;
        }
        worst_depth = std::max(worst_depth, double(std::abs(fill.depth.data[p] - depth.data[p]) / depth.data[p]));
        for (int ch = 0; ch < 3; ++ch)
            worst_color = std::max(worst_color, double(std::abs(fill.color.data[3 * p + ch] - color.data[3 * p + ch])));
    }
    CHECK(worst_color < 0.08);  // a linear ramp is continued to within a few levels
    CHECK(worst_depth < 0.08);
    Image nothing(n, n, 1, 0.0f);
    const eval::RgbdFill grey = eval::telea_fill(holed_color, nothing, holed_depth, known);
    CHECK(grey.color.data[0] == doctest::Approx(128.0 / 255.0));
    CHECK(grey.depth.data[0] == depth.data[0]);
    CHECK(contains(message_of([&] { eval::telea_fill(holed_color, known, holed_depth, nothing); }), "no known depth pixel"));
}

TEST_CASE("a ground-truth scene is consistent across views; a distorted view is not") {
    synth::SynthSettings settings;
    settings.seed = 21;
    settings.image_size = 32;
    settings.samples_per_pixel = 1;
    settings.poses = {viewset_3x9()[0], viewset_3x9()[1], viewset_3x9()[3]};  // yaw 0 (pitch 0, 0.15), yaw 0.15
    Scene scene = synth::render_synthetic_scene(settings);
    const eval::ConsistencyScore truth = eval::view_consistency(scene);
    CHECK(truth.pairs == 6);  // every ordered pair is within one grid step
    CHECK(truth.depth_abs_rel < 0.02);
    CHECK(truth.psnr > 20.0);

    for (float& d : scene.views[1].depth.data) d *= 1.2f;  // one view's depth 20% too far
    const eval::ConsistencyScore distorted = eval::view_consistency(scene);
    CHECK(distorted.depth_abs_rel > truth.depth_abs_rel + 0.05);
    CHECK(distorted.psnr < truth.psnr);

    scene.views.resize(1);
    CHECK(contains(message_of([&] { eval::view_consistency(scene); }), "no neighbouring views"));
}

TEST_CASE("ring neighbours wrap around the circle") {
    synth::SynthSettings settings;
    settings.seed = 22;
    settings.image_size = 32;
    settings.samples_per_pixel = 1;
    for (int i = 0; i < 8; ++i) settings.poses.push_back(OrbitPose{float(2.0 * 3.14159265358979 * i / 8), 0.0f, 1.0f});
    const Scene scene = synth::render_synthetic_scene(settings);
    const eval::ConsistencyScore ring = eval::view_consistency(scene, 0.86f);  // 45 degrees + 10%
    CHECK(ring.pairs == 16);  // two neighbours each, 7 -> 0 and 0 -> 7 included
    bool closes = false;
    for (const auto& p : ring.per_pair) closes = closes || (p.source == 7 && p.target == 0);
    CHECK(closes);
    CHECK(ring.depth_abs_rel < 0.05);  // true views agree across 45 degrees too
}

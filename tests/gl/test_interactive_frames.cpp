// InteractiveFrames (render/interactive_frame.hpp): the moving-camera frame is the full frame
// when that fits the budget, else smaller and coarser, and its size follows the measured times
// to the budget without oscillating. Pure arithmetic: no GL context needed.
#include <cmath>

#include <doctest/doctest.h>

#include "render/interactive_frame.hpp"

using ivid::FusionRenderSettings;
using ivid::InteractiveFrame;
using ivid::InteractiveFrames;

TEST_CASE("a full frame within the budget is shown while moving, unchanged") {
    InteractiveFrames frames;
    FusionRenderSettings full;
    full.max_views = 0;
    const InteractiveFrame before = frames.frame(full, 1280, 800);  // nothing timed yet
    CHECK(before.width == 1280);
    CHECK(before.settings == full);
    frames.full_frame_took(InteractiveFrames::kTargetMs);
    const InteractiveFrame after = frames.frame(full, 1280, 800);
    CHECK(after.width == 1280);
    CHECK(after.height == 800);
    CHECK(after.settings == full);
}

TEST_CASE("slow full frames: the first moving frames are sized from them, coarse, views capped") {
    InteractiveFrames frames;
    FusionRenderSettings full;
    frames.full_frame_took(16.0 * InteractiveFrames::kTargetMs);  // 1/4 of the pixels fit the budget
    InteractiveFrame moving = frames.frame(full, 1280, 800);
    CHECK(moving.width == 320);
    CHECK(moving.height == 200);
    CHECK(moving.settings.mesh_lod == InteractiveFrames::kMeshLod);
    CHECK(moving.settings.max_views == InteractiveFrames::kMaxViews);
    CHECK(moving.settings.blend_mode == full.blend_mode);
    full.max_views = 0;  // all views: capped
    CHECK(frames.frame(full, 1280, 800).settings.max_views == InteractiveFrames::kMaxViews);
    full.max_views = 3;  // fewer: kept
    CHECK(frames.frame(full, 1280, 800).settings.max_views == 3);
    // Much slower still: never below a quarter of the size.
    frames.full_frame_took(1e6);
    CHECK(frames.frame(full, 1280, 800).width == 320);
}

TEST_CASE("the moving frames' size settles on the budget") {
    // A renderer whose time is a fixed cost plus a cost per pixel (a scale of 1 takes 200 ms).
    const auto cost = [](double scale) { return 5.0 + 195.0 * scale * scale; };
    InteractiveFrames frames;
    frames.full_frame_took(cost(1.0));
    double scale = frames.scale(), previous = 0.0;
    for (int i = 0; i < 30; ++i) {
        previous = scale;
        frames.moving_frame_took(cost(scale));
        scale = frames.scale();
    }
    // The budget is met at scale sqrt(20 / 195) = 0.320.
    CHECK(scale == doctest::Approx(std::sqrt(20.0 / 195.0)).epsilon(0.01));
    CHECK(std::abs(scale - previous) < 1e-3);
    // Fast moving frames grow back to full size, never beyond.
    for (int i = 0; i < 50; ++i) frames.moving_frame_took(1.0);
    CHECK(frames.scale() == 1.0);
    frames.moving_frame_took(0.0);  // a zero time (a coarse clock) changes nothing
    CHECK(frames.scale() == 1.0);
}

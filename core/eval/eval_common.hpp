// What the evaluations share: means of per-view scores that skip undefined ones, and the exact
// views of a synthetic world.
#pragma once

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "core/eval/model_eval.hpp"
#include "core/image/metrics.hpp"
#include "core/scene/scene.hpp"
#include "core/scene/synth_render.hpp"

namespace ivid::eval {

// Mean of the finite values (an image without disoccluded pixels has no score there).
struct Mean {
    double sum = 0.0;
    int count = 0;
    void add(double v) {
        if (std::isfinite(v)) {
            sum += v;
            ++count;
        }
    }
    double value() const { return count ? sum / count : std::numeric_limits<double>::quiet_NaN(); }
};

struct RegionMeans {
    Mean psnr, ssim, depth_abs_rel;
    void add(const Image& color, const Image& true_color, const Image& depth, const Image& true_depth,
             const Image* region) {
        psnr.add(ivid::psnr(color, true_color, 1.0, region));
        ssim.add(ivid::ssim(color, true_color, 1.0, region));
        depth_abs_rel.add(ivid::depth_abs_rel(depth, true_depth, region));
    }
    RegionScores value() const { return {psnr.value(), ssim.value(), depth_abs_rel.value()}; }
};

// The world of `seed` rendered exactly from `poses` at size x size.
inline Scene true_scene(uint64_t seed, int size, int samples_per_pixel, const std::vector<OrbitPose>& poses) {
    synth::SynthSettings s;
    s.seed = seed;
    s.poses = poses;
    s.image_size = size;
    s.samples_per_pixel = samples_per_pixel;
    return synth::render_synthetic_scene(s);
}

}  // namespace ivid::eval

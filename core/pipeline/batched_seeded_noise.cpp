#include "core/pipeline/batched_seeded_noise.hpp"

#include <string>

#include <ATen/ATen.h>

#include "core/util/error.hpp"

namespace ivid::pipeline {

void BatchedSeededNoise::require_count(int64_t n) const {
    if (n != int64_t(items_.size()))
        throw Error::at("per-item noise", "batch", std::to_string(items_.size()), std::to_string(n));
}

template <typename Fn>
at::Tensor BatchedSeededNoise::draw(at::IntArrayRef shape, Fn fn) {
    require_count(shape[0]);
    std::vector<int64_t> one(shape.begin(), shape.end());
    one[0] = 1;
    std::vector<at::Tensor> parts;
    for (auto* s : items_) parts.push_back(fn(*s, one));
    return at::cat(parts, 0);
}

at::Tensor BatchedSeededNoise::initial(at::IntArrayRef shape) {
    return draw(shape, [](diffusion::SeededNoise& s, at::IntArrayRef one) { return s.initial(one); });
}

diffusion::CondFillNoise BatchedSeededNoise::cond_fill(int step, int64_t n, int64_t h, int64_t w) {
    require_count(n);
    std::vector<at::Tensor> rgb, depth;
    for (auto* s : items_) {
        diffusion::CondFillNoise f = s->cond_fill(step, 1, h, w);
        rgb.push_back(f.rgb);
        depth.push_back(f.depth);
    }
    return {at::cat(rgb, 0), at::cat(depth, 0)};
}

at::Tensor BatchedSeededNoise::step_noise(int step, at::IntArrayRef shape) {
    return draw(shape, [step](diffusion::SeededNoise& s, at::IntArrayRef one) { return s.step_noise(step, one); });
}

}  // namespace ivid::pipeline

// Noise for a batch whose items each draw from their own seeded generator, in IVID's order, so an
// item (a scene, or a view being upsampled) does not depend on which others share its batch.
#pragma once

#include <vector>

#include "core/diffusion/noise_source.hpp"

namespace ivid::pipeline {

class BatchedSeededNoise : public diffusion::NoiseSource {
public:
    // One generator per batch item, in batch order; they must outlive this object.
    explicit BatchedSeededNoise(std::vector<diffusion::SeededNoise*> items) : items_(std::move(items)) {}

    at::Tensor initial(at::IntArrayRef shape) override;
    diffusion::CondFillNoise cond_fill(int step, int64_t n, int64_t h, int64_t w) override;
    at::Tensor step_noise(int step, at::IntArrayRef shape) override;

private:
    void require_count(int64_t n) const;
    template <typename Fn>
    at::Tensor draw(at::IntArrayRef shape, Fn fn);
    std::vector<diffusion::SeededNoise*> items_;
};

}  // namespace ivid::pipeline

// Every random draw of a sampling run comes from a NoiseSource, so runs are reproducible from a
// seed and recorded noise (IVID's fixtures) can be replayed. Draws are CPU float32 tensors; the
// samplers move them to the model's device.
#pragma once

#include <cstdint>
#include <vector>

#include <ATen/ATen.h>

namespace ivid::diffusion {

// Noise for the unknown pixels of the conditional model's input (IVID's make_cond_inputs).
struct CondFillNoise {
    at::Tensor rgb;    // [N, 3, H, W]
    at::Tensor depth;  // [N, 1, H, W]
};

class NoiseSource {
public:
    virtual ~NoiseSource() = default;
    // x_T when the caller gives no initial noise.
    virtual at::Tensor initial(at::IntArrayRef shape) = 0;
    // Fill noise of sampler step `step` (0 = first step).
    virtual CondFillNoise cond_fill(int step, int64_t n, int64_t h, int64_t w) = 0;
    // The sampler's own per-step draw (DDPM, DDIM; drawn even when eta = 0, as IVID does).
    virtual at::Tensor step_noise(int step, at::IntArrayRef shape) = 0;
};

// One seeded generator consumed in IVID's order, so that SeededNoise(s) reproduces
// `torch.manual_seed(s)` before IVID's sample(): per step the RGB fill (drawn into a
// channels-last tensor, as IVID's permuted y makes it), the depth fill, then the step noise.
class SeededNoise : public NoiseSource {
public:
    explicit SeededNoise(uint64_t seed);
    at::Tensor initial(at::IntArrayRef shape) override;
    CondFillNoise cond_fill(int step, int64_t n, int64_t h, int64_t w) override;
    at::Tensor step_noise(int step, at::IntArrayRef shape) override;

private:
    at::Generator generator_;
};

// Replays recorded fill noise ([S, N, 3, H, W] and [S, N, 1, H, W], step k = index k). Step
// noise is not recorded: it returns zeros, which is exact for samplers that multiply it by 0
// (DDIM with eta = 0). A step beyond the recording is an Error.
class ReplayNoise : public NoiseSource {
public:
    ReplayNoise(at::Tensor initial, at::Tensor fill_rgb, at::Tensor fill_depth);
    at::Tensor initial(at::IntArrayRef shape) override;
    CondFillNoise cond_fill(int step, int64_t n, int64_t h, int64_t w) override;
    at::Tensor step_noise(int step, at::IntArrayRef shape) override;

private:
    at::Tensor initial_, fill_rgb_, fill_depth_;
};

// IVID's per-sample seeding (inference/sample.py): for each seed s, a generator seeded with s
// draws [1, C, H, W]; the draws are stacked to [N, C, H, W].
at::Tensor initial_noise_from_seeds(const std::vector<uint64_t>& seeds, int64_t channels,
                                    int64_t height, int64_t width);

}  // namespace ivid::diffusion

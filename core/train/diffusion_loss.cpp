#include "core/train/diffusion_loss.hpp"

#include <algorithm>
#include <cmath>

#include <ATen/CPUGeneratorImpl.h>

#include "core/diffusion/inpaint_condition.hpp"
#include "core/diffusion/superres_condition.hpp"

namespace ivid::train {

LossInputs loss_inputs(const TrainingConfig& config, const at::Tensor& alpha_bar, const TrainingBatch& batch,
                       const c10::Device& device) {
    at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(batch.noise_seed);
    const int64_t n = batch.x0.size(0), h = batch.x0.size(2), w = batch.x0.size(3);
    const auto cpu_float = at::TensorOptions().dtype(at::kFloat);
    // Drawn for the step's whole global batch, then this slice's rows taken: every item gets the
    // same numbers whichever rank trains it.
    const int64_t all = batch.slice.global_size > 0 ? batch.slice.global_size : n;
    const auto mine = [&](const at::Tensor& drawn) { return drawn.narrow(0, batch.slice.first, n); };
    LossInputs in;
    const int64_t steps = alpha_bar.size(0);
    const int64_t t_end = std::clamp<int64_t>(std::llround(config.trainer.max_timestep_fraction * double(steps)), 1, steps);
    in.t = mine(at::randint(0, t_end, {all}, gen, at::TensorOptions().dtype(at::kLong)));
    in.noise = mine(at::randn({all, 4, h, w}, gen, cpu_float)).to(device);
    const at::Tensor ab = alpha_bar.index_select(0, in.t).view({n, 1, 1, 1}).to(device);
    in.input = ab.sqrt() * batch.x0.to(device) + (1.0 - ab).sqrt() * in.noise;

    if (batch.classes.defined()) {
        const at::Tensor drop = mine(at::rand({all}, gen, cpu_float)).lt(config.p_uncond);
        in.classes = at::where(drop, at::full({n}, -1, at::kLong), batch.classes).to(device);
    }
    if (config.role == ModelRole::Conditional) {
        diffusion::InpaintCondition condition;
        condition.y = batch.y.to(device);
        condition.mask = batch.mask.to(device);
        if (batch.mask_rgb.defined()) condition.mask_rgb = batch.mask_rgb.to(device);
        diffusion::CondFillNoise fill{mine(at::randn({all, 3, h, w}, gen, cpu_float)).to(device),
                                      mine(at::randn({all, 1, h, w}, gen, cpu_float)).to(device)};
        in.input = diffusion::make_cond_input(in.input, condition, fill);
    }
    if (config.role == ModelRole::SuperResolution)
        in.input = diffusion::make_superres_input(in.input, diffusion::SuperResCondition{batch.low_res.to(device)});
    in.t = in.t.to(device);
    return in;
}

double backward_loss(const nn::AdmUnet& net, const LossInputs& in, int split) {
    const int64_t n = in.input.size(0), part = n / split;
    double total = 0.0;
    for (int64_t start = 0; start < n; start += part) {
        const auto slice = [&](const at::Tensor& t) { return t.defined() ? t.narrow(0, start, part) : t; };
        const at::Tensor loss = at::mse_loss(net.forward(slice(in.input), slice(in.t), slice(in.classes)),
                                             slice(in.noise)) / double(split);
        total += loss.item<double>();
        if (!std::isfinite(total)) return total;
        loss.backward();
    }
    return total;
}

}  // namespace ivid::train

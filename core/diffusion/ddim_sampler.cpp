#include "core/diffusion/ddim_sampler.hpp"

#include <cmath>

namespace ivid::diffusion {

SampleResult ddim_sample(SamplingRun& run, int steps, double eta) {
    const NoiseSchedule& schedule = run.schedule();
    const std::vector<StepPair> pairs = step_pairs(schedule.timesteps(), steps);
    at::Tensor x = run.initial();
    for (int k = 0; k < int(pairs.size()); ++k) {
        run.check_cancel(k, steps);
        const auto [t, t_prev] = pairs[size_t(k)];
        const bool final_step = t_prev == 0;
        // IVID looks values up in float64 and uses them as float32.
        const float recip = float(schedule.sqrt_recip_alpha_bar(t));
        const float recipm1 = float(schedule.sqrt_recipm1_alpha_bar(t));
        const float ab = float(schedule.alpha_bar(t)), abp = float(schedule.alpha_bar(t_prev));

        at::Tensor eps = run.eps(x, t, k);
        at::Tensor x0 = recip * x - recipm1 * eps;
        run.corrections().apply(x0, final_step);
        eps = (recip * x - x0) / recipm1;  // IVID re-derives eps from the (edited) x0
        const float sigma = float(eta) * std::sqrt((1 - abp) / (1 - ab)) * std::sqrt(1 - ab / abp);
        at::Tensor x_prev = std::sqrt(abp) * x0 + std::sqrt(1 - abp - sigma * sigma) * eps;
        const at::Tensor noise = run.noise().step_noise(k, x.sizes()).to(x.device());
        if (!final_step && sigma != 0) x_prev = x_prev + sigma * noise;
        run.finish_step(k, steps, pairs[size_t(k)], x0, x_prev);
        x = x_prev;
    }
    return run.finish(x);
}

}  // namespace ivid::diffusion

#include "core/diffusion/ddpm_sampler.hpp"

#include <cmath>

namespace ivid::diffusion {

SampleResult ddpm_sample(SamplingRun& run, int steps) {
    const NoiseSchedule& schedule = run.schedule();
    const std::vector<StepPair> pairs = step_pairs(schedule.timesteps(), steps);
    at::Tensor x = run.initial();
    for (int k = 0; k < int(pairs.size()); ++k) {
        run.check_cancel(k, steps);
        const auto [t, t_prev] = pairs[size_t(k)];
        const bool final_step = t_prev == 0;
        // Posterior q(x_{t_prev} | x_t, x0) in float64, used as float32 (as IVID's tables).
        const double ab = schedule.alpha_bar(t), abp = schedule.alpha_bar(t_prev);
        const double beta = 1 - ab / abp;
        const float coef_x0 = float(beta * std::sqrt(abp) / (1 - ab));
        const float coef_xt = float((1 - abp) * std::sqrt(1 - beta) / (1 - ab));
        const double variance = beta * (1 - abp) / (1 - ab);

        at::Tensor eps = run.eps(x, t, k);
        at::Tensor x0 = float(schedule.sqrt_recip_alpha_bar(t)) * x -
                        float(schedule.sqrt_recipm1_alpha_bar(t)) * eps;
        run.corrections().apply(x0, final_step);
        at::Tensor x_prev = coef_x0 * x0 + coef_xt * x;
        const at::Tensor noise = run.noise().step_noise(k, x.sizes()).to(x.device());
        if (!final_step) {
            // IVID scales by exp(0.5 * log variance) with the log stored as float32.
            const float log_variance = float(std::log(variance));
            x_prev = x_prev + std::exp(0.5f * log_variance) * noise;
        }
        run.finish_step(k, steps, pairs[size_t(k)], x0, x_prev);
        x = x_prev;
    }
    return run.finish(x);
}

}  // namespace ivid::diffusion

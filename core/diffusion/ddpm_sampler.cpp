#include "core/diffusion/ddpm_sampler.hpp"

#include <cmath>

namespace ivid::diffusion {

SampleResult ddpm_sample(SamplingRun& run, int steps) {
    const NoiseSchedule& schedule = run.schedule();
    return run.run_steps(step_pairs(run.first_timestep(), steps), [&](int k, StepPair pair, const at::Tensor& x) {
        // Posterior q(x_{t_prev} | x_t, x0) in float64, used as float32 (as IVID's tables).
        const double ab = schedule.alpha_bar(pair.t), abp = schedule.alpha_bar(pair.t_prev);
        const double beta = 1 - ab / abp;
        const float coef_x0 = float(beta * std::sqrt(abp) / (1 - ab));
        const float coef_xt = float((1 - abp) * std::sqrt(1 - beta) / (1 - ab));
        const double variance = beta * (1 - abp) / (1 - ab);

        at::Tensor x0 = run.predict_x0(x, pair, k);
        at::Tensor x_prev = coef_x0 * x0 + coef_xt * x;
        const at::Tensor noise = run.noise().step_noise(k, x.sizes()).to(x.device());
        if (pair.t_prev != 0) {
            // IVID scales by exp(0.5 * log variance) with the log stored as float32.
            const float log_variance = float(std::log(variance));
            x_prev = x_prev + std::exp(0.5f * log_variance) * noise;
        }
        return SamplingRun::StepOutput{x0, x_prev};
    });
}

}  // namespace ivid::diffusion

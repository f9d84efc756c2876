#include "core/diffusion/dpm_solver_sampler.hpp"

#include <cmath>

namespace ivid::diffusion {

namespace {

// log(alpha / sigma) with alpha = sqrt(alpha_bar), sigma = sqrt(1 - alpha_bar).
double half_log_snr(double alpha_bar) { return 0.5 * (std::log(alpha_bar) - std::log1p(-alpha_bar)); }

}  // namespace

SampleResult dpm_solver_2m_sample(SamplingRun& run, int steps) {
    const NoiseSchedule& schedule = run.schedule();
    const std::vector<StepPair> pairs = step_pairs(schedule.timesteps(), steps);
    at::Tensor x = run.initial();
    at::Tensor previous_x0;
    double previous_h = 0;
    for (int k = 0; k < int(pairs.size()); ++k) {
        run.check_cancel(k, steps);
        const auto [t, t_prev] = pairs[size_t(k)];
        const bool final_step = t_prev == 0;
        const double ab = schedule.alpha_bar(t), abp = schedule.alpha_bar(t_prev);

        const at::Tensor eps = run.eps(x, t, 0);
        at::Tensor x0 = float(schedule.sqrt_recip_alpha_bar(t)) * x -
                        float(schedule.sqrt_recipm1_alpha_bar(t)) * eps;
        run.corrections().apply(x0, final_step);

        at::Tensor x_prev;
        if (final_step) {
            // sigma = 0 at t_prev = 0: the ODE solution is the data prediction itself (first
            // order, like DDIM's last step).
            x_prev = x0;
        } else {
            const double h = half_log_snr(abp) - half_log_snr(ab);
            at::Tensor d = x0;
            if (previous_x0.defined()) {
                const double half_inv_r = 0.5 * h / previous_h;
                d = float(1 + half_inv_r) * x0 - float(half_inv_r) * previous_x0;
            }
            const double sigma_ratio = std::sqrt((1 - abp) / (1 - ab));
            const double data_coef = -std::sqrt(abp) * std::expm1(-h);
            x_prev = float(sigma_ratio) * x + float(data_coef) * d;
            previous_h = h;
        }
        previous_x0 = x0;
        run.finish_step(k, steps, pairs[size_t(k)], x0, x_prev);
        x = x_prev;
    }
    return run.finish(x);
}

}  // namespace ivid::diffusion

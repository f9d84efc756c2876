#include "core/diffusion/dpm_solver_sampler.hpp"

#include <cmath>

namespace ivid::diffusion {

SampleResult dpm_solver_2m_sample(SamplingRun& run, int steps) {
    const NoiseSchedule& schedule = run.schedule();
    at::Tensor previous_x0;
    double previous_h = 0;
    return run.run_steps(log_snr_step_pairs(schedule, steps, run.first_timestep()), [&](int, StepPair pair, const at::Tensor& x) {
        at::Tensor x0 = run.predict_x0(x, pair, 0);  // one fill noise for the whole ODE
        at::Tensor x_prev;
        if (pair.t_prev == 0) {
            // sigma = 0 at t_prev = 0: the solution is the data prediction itself (first order,
            // like DDIM's last step).
            x_prev = x0;
        } else {
            const double ab = schedule.alpha_bar(pair.t), abp = schedule.alpha_bar(pair.t_prev);
            const double h = schedule.half_log_snr(pair.t_prev) - schedule.half_log_snr(pair.t);
            at::Tensor d = x0;
            if (previous_x0.defined()) {  // second order from the previous data prediction
                const double half_inv_r = 0.5 * h / previous_h;
                d = float(1 + half_inv_r) * x0 - float(half_inv_r) * previous_x0;
            }
            const double sigma_ratio = std::sqrt((1 - abp) / (1 - ab));
            const double data_coef = -std::sqrt(abp) * std::expm1(-h);
            x_prev = float(sigma_ratio) * x + float(data_coef) * d;
            previous_h = h;
        }
        previous_x0 = x0;
        return SamplingRun::StepOutput{x0, x_prev};
    });
}

}  // namespace ivid::diffusion

#include "core/diffusion/ddim_sampler.hpp"

#include <cmath>

namespace ivid::diffusion {

SampleResult ddim_sample(SamplingRun& run, int steps, double eta) {
    const NoiseSchedule& schedule = run.schedule();
    return run.run_steps(step_pairs(run.first_timestep(), steps), [&](int k, StepPair pair, const at::Tensor& x) {
        // IVID looks values up in float64 and computes with them in float32.
        const float recip = float(schedule.sqrt_recip_alpha_bar(pair.t));
        const float recipm1 = float(schedule.sqrt_recipm1_alpha_bar(pair.t));
        const float ab = float(schedule.alpha_bar(pair.t)), abp = float(schedule.alpha_bar(pair.t_prev));

        at::Tensor x0 = run.predict_x0(x, pair, k);
        const at::Tensor eps = (recip * x - x0) / recipm1;  // IVID re-derives eps from the edited x0
        const float sigma = float(eta) * std::sqrt((1 - abp) / (1 - ab)) * std::sqrt(1 - ab / abp);
        at::Tensor x_prev = std::sqrt(abp) * x0 + std::sqrt(1 - abp - sigma * sigma) * eps;
        const at::Tensor noise = run.noise().step_noise(k, x.sizes()).to(x.device());
        if (pair.t_prev != 0 && sigma != 0) x_prev = x_prev + sigma * noise;
        return SamplingRun::StepOutput{x0, x_prev};
    });
}

}  // namespace ivid::diffusion

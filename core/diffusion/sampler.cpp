#include "core/diffusion/sampler.hpp"

#include <ATen/core/grad_mode.h>

#include "core/diffusion/ddim_sampler.hpp"
#include "core/diffusion/ddpm_sampler.hpp"
#include "core/diffusion/dpm_solver_sampler.hpp"

namespace ivid::diffusion {

SampleResult sample(const DiffusionModel& model, const SamplerSettings& settings,
                    const SampleRequest& request, NoiseSource& noise, const SampleControl& control) {
    settings.validate(model.schedule.timesteps());
    const std::string name = sampler_kind_name(settings.sampler);
    at::NoGradGuard no_grad;
    SamplingRun run(model, request, settings, noise, control, name.c_str());
    switch (settings.sampler) {
        case SamplerKind::Ddpm: return ddpm_sample(run, settings.steps);
        case SamplerKind::Ddim: return ddim_sample(run, settings.steps, settings.eta);
        case SamplerKind::DpmSolver2M: return dpm_solver_2m_sample(run, settings.steps);
    }
    throw Error("sampler: unknown kind");
}

}  // namespace ivid::diffusion

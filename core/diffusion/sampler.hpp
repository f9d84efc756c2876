// The one entry point for sampling: runs the sampler the settings name.
#pragma once

#include "core/diffusion/sampler_settings.hpp"
#include "core/diffusion/sampling_run.hpp"

namespace ivid::diffusion {

// Validates settings and request (Errors name what is wrong), then samples. Throws
// SamplingCancelled when control.cancel is set, and an Error naming the step on NaN/Inf.
SampleResult sample(const DiffusionModel& model, const SamplerSettings& settings,
                    const SampleRequest& request, NoiseSource& noise, const SampleControl& control = {});

}  // namespace ivid::diffusion

// Ancestral DDPM sampling (IVID's DdpmSampler) on IVID's timestep grid: with steps = T it is
// IVID's sampler; fewer steps use the posterior of the respaced chain (betas from the ratio of
// consecutive alpha_bar). The x0 corrections apply with the same step rules as DDIM.
#pragma once

#include "core/diffusion/sampling_run.hpp"

namespace ivid::diffusion {

SampleResult ddpm_sample(SamplingRun& run, int steps);

}  // namespace ivid::diffusion

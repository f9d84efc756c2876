// DDIM (Song et al.) exactly as IVID's DdimSampler: IVID's timestep grid, float64 tables looked
// up then used in float32, x0 corrections between the x0 prediction and the update, and the
// per-step noise draw even when eta = 0 (so seeded runs consume the generator as IVID does).
#pragma once

#include "core/diffusion/sampling_run.hpp"

namespace ivid::diffusion {

SampleResult ddim_sample(SamplingRun& run, int steps, double eta);

}  // namespace ivid::diffusion

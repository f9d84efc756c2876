// DPM-Solver++(2M) (Lu et al. 2022): a second-order multistep solver of the probability-flow ODE
// in data prediction form, so that 15-20 steps stand in for DDIM-50 / DDPM-1000. It runs on a
// grid even in log-SNR (log_snr_step_pairs), applies the x0 corrections to every data prediction (the solver then
// follows the corrected x0), and keeps the conditional input's fill noise fixed for the whole
// run: a deterministic ODE needs a fixed condition.
#pragma once

#include "core/diffusion/sampling_run.hpp"

namespace ivid::diffusion {

SampleResult dpm_solver_2m_sample(SamplingRun& run, int steps);

}  // namespace ivid::diffusion

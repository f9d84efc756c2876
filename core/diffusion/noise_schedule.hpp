// The diffusion noise schedule (IVID's GaussianDiffusion tables) in float64, and the timestep
// grid shared by the samplers. Timesteps t count diffusion steps (1-based); the network and the
// tables are indexed with t - 1.
#pragma once

#include <string>
#include <vector>

#include "core/util/enum_names.hpp"

namespace ivid::diffusion {

enum class BetaSchedule { Linear, Cosine };
inline constexpr EnumName<BetaSchedule> kBetaScheduleNames[] = {{BetaSchedule::Linear, "linear"},
                                                                {BetaSchedule::Cosine, "cosine"}};

// "linear" or "cosine" (IVID's get_betas_by_name); anything else is an Error naming the value.
BetaSchedule parse_beta_schedule(const std::string& name);
std::string beta_schedule_name(BetaSchedule schedule);

class NoiseSchedule {
public:
    NoiseSchedule(BetaSchedule schedule, int timesteps);

    int timesteps() const { return int(betas_.size()); }
    BetaSchedule kind() const { return kind_; }
    const std::vector<double>& betas() const { return betas_; }
    const std::vector<double>& alphas_cumprod() const { return alphas_cumprod_; }

    // alpha_bar after t diffusion steps; t = 0 gives 1 (IVID's alphas_cumprod_prev[0]).
    double alpha_bar(int t) const;
    // sqrt(1/alpha_bar) and sqrt(1/alpha_bar - 1) at step t >= 1, as IVID's DDIM tables.
    double sqrt_recip_alpha_bar(int t) const;
    double sqrt_recipm1_alpha_bar(int t) const;
    // log(alpha / sigma) with alpha = sqrt(alpha_bar), sigma = sqrt(1 - alpha_bar); t >= 1.
    double half_log_snr(int t) const;

private:
    BetaSchedule kind_;
    std::vector<double> betas_, alphas_cumprod_;
};

// One sampler step from diffusion step t down to t_prev (t_prev = 0 is the clean image).
struct StepPair {
    int t, t_prev;
};

// IVID's DDIM grid: jump = T / steps (integer division), pairs (jump*(i+1), jump*i) for
// i = steps-1 .. 0. steps must lie in 1..T (Error otherwise). A part-way start passes its first
// diffusion step as T.
std::vector<StepPair> step_pairs(int timesteps, int steps);

// A grid for ODE solvers: steps - 1 steps from t = T (or first_t, for a part-way start) down to
// t = 1 spaced evenly in log(alpha / sigma) (rounded to whole diffusion steps, kept strictly
// decreasing), then 1 -> 0. IVID's even-in-t grid puts a few very large log-SNR jumps at the end,
// where a multistep solver loses most accuracy.
std::vector<StepPair> log_snr_step_pairs(const NoiseSchedule& schedule, int steps, int first_t = 0);

}  // namespace ivid::diffusion

#include "core/diffusion/noise_schedule.hpp"

#include <algorithm>
#include <cmath>

#include "core/util/error.hpp"

namespace ivid::diffusion {

namespace {

std::vector<double> linear_betas(int timesteps) {
    // Ho et al.'s bounds, scaled so that any T spans the same total noise (as IVID).
    const double scale = 1000.0 / timesteps;
    const double start = scale * 0.0001, end = scale * 0.02;
    std::vector<double> betas(static_cast<size_t>(timesteps));
    if (timesteps == 1) {
        betas[0] = start;
        return betas;
    }
    // numpy.linspace: start + i*step, with the last value set to `end` exactly.
    const double step = (end - start) / (timesteps - 1);
    for (int i = 0; i < timesteps; ++i) betas[size_t(i)] = start + i * step;
    betas.back() = end;
    return betas;
}

std::vector<double> cosine_betas(int timesteps) {
    const double pi = std::acos(-1.0);
    auto alpha_bar = [pi](double t) {
        const double c = std::cos((t + 0.008) / 1.008 * pi / 2);
        return c * c;
    };
    std::vector<double> betas(static_cast<size_t>(timesteps));
    for (int i = 0; i < timesteps; ++i) {
        const double t1 = double(i) / timesteps, t2 = double(i + 1) / timesteps;
        betas[size_t(i)] = std::min(1 - alpha_bar(t2) / alpha_bar(t1), 0.999);
    }
    return betas;
}

}  // namespace

BetaSchedule parse_beta_schedule(const std::string& name) {
    return parse_enum(kBetaScheduleNames, name, "", "beta_schedule");
}

std::string beta_schedule_name(BetaSchedule schedule) { return enum_name(kBetaScheduleNames, schedule); }

NoiseSchedule::NoiseSchedule(BetaSchedule schedule, int timesteps) : kind_(schedule) {
    if (timesteps < 1)
        throw Error::at("", "timesteps", "at least 1", std::to_string(timesteps));
    betas_ = schedule == BetaSchedule::Linear ? linear_betas(timesteps) : cosine_betas(timesteps);
    alphas_cumprod_.resize(betas_.size());
    double product = 1.0;
    for (size_t i = 0; i < betas_.size(); ++i) {
        product *= 1.0 - betas_[i];
        alphas_cumprod_[i] = product;
    }
}

double NoiseSchedule::alpha_bar(int t) const {
    if (t < 0 || t > timesteps())
        throw Error::at("", "diffusion step", "0.." + std::to_string(timesteps()), std::to_string(t));
    return t == 0 ? 1.0 : alphas_cumprod_[size_t(t - 1)];
}

double NoiseSchedule::sqrt_recip_alpha_bar(int t) const { return std::sqrt(1.0 / alpha_bar(t)); }

double NoiseSchedule::sqrt_recipm1_alpha_bar(int t) const {
    return std::sqrt(1.0 / alpha_bar(t) - 1);
}

double NoiseSchedule::half_log_snr(int t) const {
    const double ab = alpha_bar(t);
    return 0.5 * (std::log(ab) - std::log1p(-ab));
}

std::vector<StepPair> step_pairs(int timesteps, int steps) {
    if (steps < 1 || steps > timesteps)
        throw Error::at("", "steps", "1.." + std::to_string(timesteps), std::to_string(steps));
    const int jump = timesteps / steps;
    std::vector<StepPair> pairs;
    for (int i = steps - 1; i >= 0; --i) pairs.push_back({jump * (i + 1), jump * i});
    return pairs;
}

std::vector<StepPair> log_snr_step_pairs(const NoiseSchedule& schedule, int steps, int first_t) {
    const int T = first_t > 0 ? first_t : schedule.timesteps();
    if (steps < 1 || steps > T)
        throw Error::at("", "steps", "1.." + std::to_string(T), std::to_string(steps));
    std::vector<double> lambda(static_cast<size_t>(T) + 1);  // lambda[t], decreasing in t
    for (int t = 1; t <= T; ++t) lambda[size_t(t)] = schedule.half_log_snr(t);
    std::vector<int> ts(static_cast<size_t>(steps));
    ts[0] = T;
    for (int i = 1; i < steps; ++i) {
        const double target = lambda[size_t(T)] + (lambda[1] - lambda[size_t(T)]) * i / (steps - 1);
        int best = 1;
        for (int t = 1; t <= T; ++t)
            if (std::fabs(lambda[size_t(t)] - target) < std::fabs(lambda[size_t(best)] - target)) best = t;
        ts[size_t(i)] = best;
    }
    // Rounding can merge neighbours: leave room for the steps after each one, then push apart.
    for (int i = 1; i < steps; ++i)
        ts[size_t(i)] = std::min(std::clamp(ts[size_t(i)], steps - i, T - i), ts[size_t(i - 1)] - 1);
    std::vector<StepPair> pairs;
    for (int i = 0; i + 1 < steps; ++i) pairs.push_back({ts[size_t(i)], ts[size_t(i + 1)]});
    pairs.push_back({ts.back(), 0});
    return pairs;
}

}  // namespace ivid::diffusion

// What every sampler shares: the request (initial noise, classes, condition, x0 corrections),
// the caller's controls (progress callback, cancel flag), the result, and SamplingRun, which
// evaluates IVID's model_inference for a step and checks each step for cancellation and
// non-finite values.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

#include <ATen/ATen.h>

#include "core/diffusion/eps_model.hpp"
#include "core/diffusion/guidance.hpp"
#include "core/diffusion/inpaint_condition.hpp"
#include "core/diffusion/noise_schedule.hpp"
#include "core/diffusion/noise_source.hpp"
#include "core/diffusion/x0_corrections.hpp"
#include "core/util/error.hpp"

namespace ivid::diffusion {

// A backbone with its IVID framework (config "framework" block): what samplers sample from.
struct DiffusionModel {
    EpsModel net;
    GuidanceFramework framework = GuidanceFramework::ClassifierFree;
    NoiseSchedule schedule{BetaSchedule::Linear, 1000};
    at::Device device = at::kCPU;
};

struct SampleRequest {
    at::Tensor noise;    // x_T [N, 4, H, W]; undefined: drawn from the NoiseSource (needs shape)
    std::vector<int64_t> shape;  // [N, 4, H, W] when noise is undefined
    at::Tensor classes;  // [N] int64, -1 = null class; undefined = no classes
    std::optional<InpaintCondition> condition;  // conditional (InpaintCFG) models only
    X0Corrections corrections;
    bool keep_steps = false;  // fill SampleResult::pred_x0_steps / pred_xt_steps
};

struct StepProgress {
    int step = 0, steps = 0;   // step just finished (1-based) of steps
    int t = 0, t_prev = 0;     // diffusion steps of this sampler step
    int64_t evaluations = 0;   // network evaluations (samples x passes) so far
    const at::Tensor* pred_x0 = nullptr;  // this step's (corrected) x0, e.g. for a preview
};

struct SampleControl {
    std::function<void(const StepProgress&)> on_step;  // after every step
    const std::atomic<bool>* cancel = nullptr;         // checked before every step
};

// Thrown when SampleControl::cancel is set; says at which step the run stopped.
class SamplingCancelled : public Error {
public:
    using Error::Error;
};

struct SampleResult {
    at::Tensor samples;                       // [N, 4, H, W] on the model's device
    std::vector<at::Tensor> pred_x0_steps;    // per step, when keep_steps
    std::vector<at::Tensor> pred_xt_steps;    // per step, when keep_steps
    int64_t evaluations = 0;
};

class SamplingRun {
public:
    // Validates the request against the model (Error naming what does not fit).
    SamplingRun(const DiffusionModel& model, const SampleRequest& request, double guidance,
                bool batched_guidance, NoiseSource& noise, const SampleControl& control,
                const char* sampler_name);

    const NoiseSchedule& schedule() const { return model_.schedule; }
    NoiseSource& noise() { return noise_; }
    const X0Corrections& corrections() const { return corrections_; }
    at::Tensor initial() const { return initial_; }
    at::IntArrayRef shape() const { return initial_.sizes(); }

    // Throws SamplingCancelled when the cancel flag is set.
    void check_cancel(int step, int steps) const;
    // IVID's model_inference at diffusion step t (the network sees t - 1). The conditional input
    // uses the fill noise of sampler step `fill_step`, drawn once per fill_step (a sampler that
    // keeps the fill fixed for the whole run always passes 0).
    at::Tensor eps(const at::Tensor& x_t, int t, int fill_step);
    // Checks x0 and x_prev for NaN/Inf (Error naming the step), records them when asked, reports
    // progress. `step` is 0-based.
    void finish_step(int step, int steps, StepPair pair, const at::Tensor& x0, const at::Tensor& x_prev);
    SampleResult finish(at::Tensor samples);

private:
    const DiffusionModel& model_;
    const SampleRequest& request_;
    Guidance guidance_;
    NoiseSource& noise_;
    const SampleControl& control_;
    const char* sampler_name_;
    at::Tensor initial_, classes_;
    std::optional<InpaintCondition> condition_;
    X0Corrections corrections_;
    int fill_step_ = -1;
    CondFillNoise fill_;
    SampleResult result_;
};

}  // namespace ivid::diffusion

// What every sampler shares: the request (initial noise, classes, condition or low-res image, x0
// corrections),
// the caller's controls (progress callback, cancel flag), the result, and SamplingRun, which
// evaluates IVID's model_inference for a step and runs the step loop (cancellation, NaN/Inf
// checks, progress). A sampler is the update rule of one step.
#pragma once

#include <atomic>
#include <functional>
#include <optional>
#include <vector>

#include <ATen/ATen.h>

#include "core/diffusion/diffusion_model.hpp"
#include "core/diffusion/guidance.hpp"
#include "core/diffusion/inpaint_condition.hpp"
#include "core/diffusion/noise_schedule.hpp"
#include "core/diffusion/noise_source.hpp"
#include "core/diffusion/sampler_settings.hpp"
#include "core/diffusion/superres_condition.hpp"
#include "core/diffusion/x0_corrections.hpp"
#include "core/util/error.hpp"

namespace ivid::diffusion {

// The clean image a part-way start (SamplerSettings::start_strength < 1) is noised from.
struct StartImage {
    at::Tensor x0;  // [N, 4, H, W] in [-1, 1]
};

struct SampleRequest {
    at::Tensor noise;    // x_T [N, 4, H, W]; undefined: drawn from the NoiseSource (needs shape)
    std::vector<int64_t> shape;  // [N, 4, H, W] when noise is undefined
    at::Tensor classes;  // [N] int64, -1 = null class; undefined = no classes
    std::optional<InpaintCondition> condition;  // conditional (InpaintCFG) models only
    std::optional<SuperResCondition> low_res;   // super-resolution (SuperResCFG) models only
    std::optional<StartImage> start;            // required when the settings' start_strength < 1
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
    SamplingRun(const DiffusionModel& model, const SampleRequest& request, const SamplerSettings& settings,
                NoiseSource& noise, const SampleControl& control, const char* sampler_name);

    const NoiseSchedule& schedule() const { return model_.schedule; }
    // The diffusion step the first sampler step starts from (T, or the settings' part-way start).
    int first_timestep() const { return first_timestep_; }
    NoiseSource& noise() { return noise_; }

    // IVID's model_inference at diffusion step t (the network sees t - 1), turned into the
    // predicted x0 (float64 tables used as float32, as IVID), clamped to [-1, 1] when the settings
    // say clip_denoised, and edited by the x0 corrections
    // (final step = t_prev 0). The conditional input uses the fill noise of sampler step
    // `fill_step`, drawn once per fill_step (a sampler that keeps the fill fixed passes 0).
    at::Tensor predict_x0(const at::Tensor& x_t, StepPair pair, int fill_step);

    // One sampler step: x_{t_prev} and this step's x0 from x_t.
    struct StepOutput {
        at::Tensor x0, x_prev;
    };
    using StepFn = std::function<StepOutput(int step, StepPair pair, const at::Tensor& x_t)>;
    // Runs `step` over the grid `pairs` from the initial noise. Before each step it
    // checks the cancel flag (SamplingCancelled); after it, x0 and x_prev for NaN/Inf (Error
    // naming the step); then records them (keep_steps) and reports progress.
    SampleResult run_steps(const std::vector<StepPair>& pairs, const StepFn& step);

private:
    void start_from(const SampleRequest& request, const SamplerSettings& settings);

    const DiffusionModel& model_;
    const SampleRequest& request_;
    Guidance guidance_;
    bool clip_denoised_;
    NoiseSource& noise_;
    const SampleControl& control_;
    const char* sampler_name_;
    at::Tensor initial_, classes_;
    std::optional<InpaintCondition> condition_;
    std::optional<SuperResCondition> low_res_;
    X0Corrections corrections_;
    int fill_step_ = -1;
    int first_timestep_ = 0;
    CondFillNoise fill_;
    SampleResult result_;
};

}  // namespace ivid::diffusion

#include "core/diffusion/sampling_run.hpp"

#include <cmath>
#include <string>

namespace ivid::diffusion {

namespace {

std::string step_text(const char* sampler, int step, int steps, StepPair pair) {
    return std::string(sampler) + " step " + std::to_string(step + 1) + " of " +
           std::to_string(steps) + " (t = " + std::to_string(pair.t) + " -> " +
           std::to_string(pair.t_prev) + ")";
}

bool all_finite(const at::Tensor& t) { return at::isfinite(t).all().item<bool>(); }

}  // namespace

SamplingRun::SamplingRun(const DiffusionModel& model, const SampleRequest& request,
                         const SamplerSettings& settings, NoiseSource& noise, const SampleControl& control,
                         const char* sampler_name)
    : model_(model), request_(request),
      guidance_(model.framework, settings.guidance, settings.batched_guidance),
      clip_denoised_(settings.clip_denoised), noise_(noise), control_(control), sampler_name_(sampler_name) {
    if (!model.net) throw Error(std::string(sampler_name) + ": no network given");
    at::Tensor x = request.noise;
    if (!x.defined()) {
        if (request.shape.size() != 4)
            throw Error::at("", "sample shape", "[N, C, H, W] or initial noise", "neither");
        x = noise.initial(request.shape);
    }
    if (x.dim() != 4 || x.size(1) != 4)
        throw Error::at("", "initial noise", "[N, 4, H, W]", std::to_string(x.dim()) + " dimensions");
    initial_ = x.to(model.device, at::kFloat);
    const int64_t n = x.size(0), h = x.size(2), w = x.size(3);
    if (request.classes.defined()) {
        if (request.classes.dim() != 1 || request.classes.size(0) != n)
            throw Error::at("", "classes", "[" + std::to_string(n) + "]",
                            std::to_string(request.classes.numel()) + " values");
        classes_ = request.classes.to(model.device, at::kLong);
    }
    const bool inpaint = model.framework == GuidanceFramework::Inpaint;
    if (inpaint != request.condition.has_value())
        throw Error::at("", "condition",
                        inpaint ? "a condition (InpaintCFG model)" : "none (not an InpaintCFG model)",
                        request.condition ? "a condition" : "none");
    if (request.condition) {
        request.condition->validate(n, h, w);
        condition_ = request.condition->to(model.device);
    }
    const bool superres = model.framework == GuidanceFramework::SuperRes;
    if (superres != request.low_res.has_value())
        throw Error::at("", "low-res image",
                        superres ? "a low-res image (SuperResCFG model)" : "none (not a SuperResCFG model)",
                        request.low_res ? "a low-res image" : "none");
    if (request.low_res) {
        request.low_res->validate(n, h, w);
        low_res_ = request.low_res->to(model.device);
    }
    request.corrections.validate(n, h, w);
    corrections_ = request.corrections.to(model.device);
    start_from(request, settings);
}

// x_t = sqrt(ab_t) x0 + sqrt(1 - ab_t) noise at the part-way start, the initial noise standing in
// for the forward process's noise (so the same seed gives the same run at any strength).
void SamplingRun::start_from(const SampleRequest& request, const SamplerSettings& settings) {
    first_timestep_ = settings.start_timestep(model_.schedule.timesteps());
    const bool part_way = settings.start_strength < 1.0;
    if (part_way != request.start.has_value())
        throw Error::at("", "start image",
                        part_way ? "one (start_strength < 1 starts from a noised image)" : "none (start_strength 1)",
                        request.start ? "one" : "none");
    if (!request.start) return;
    const at::Tensor& x0 = request.start->x0;
    if (!x0.defined() || x0.sizes() != initial_.sizes())
        throw Error::at("", "start image", "the shape of the samples", x0.defined() ? "another shape" : "none");
    const double ab = model_.schedule.alpha_bar(first_timestep_);
    initial_ = float(std::sqrt(ab)) * x0.to(model_.device, at::kFloat) + float(std::sqrt(1.0 - ab)) * initial_;
}

at::Tensor SamplingRun::predict_x0(const at::Tensor& x_t, StepPair pair, int fill_step) {
    const at::Tensor t_index = at::full({x_t.size(0)}, pair.t - 1, at::TensorOptions(at::kLong).device(x_t.device()));
    at::Tensor input = x_t;
    if (condition_) {
        if (fill_step != fill_step_) {
            fill_ = noise_.cond_fill(fill_step, x_t.size(0), x_t.size(2), x_t.size(3));
            fill_step_ = fill_step;
        }
        input = make_cond_input(x_t, *condition_, fill_);
    }
    if (low_res_) input = make_superres_input(x_t, *low_res_);
    result_.evaluations += guidance_.evaluations(x_t.size(0), classes_.defined());
    const at::Tensor eps = guidance_.eps(model_.net, input, t_index, classes_);
    const NoiseSchedule& s = model_.schedule;
    at::Tensor x0 = float(s.sqrt_recip_alpha_bar(pair.t)) * x_t - float(s.sqrt_recipm1_alpha_bar(pair.t)) * eps;
    if (clip_denoised_) x0.clamp_(-1.0, 1.0);
    corrections_.apply(x0, pair.t_prev == 0);
    return x0;
}

SampleResult SamplingRun::run_steps(const std::vector<StepPair>& pairs, const StepFn& step) {
    const int steps = int(pairs.size());
    at::Tensor x = initial_;
    for (int k = 0; k < steps; ++k) {
        const StepPair pair = pairs[size_t(k)];
        if (control_.cancel && control_.cancel->load())
            throw SamplingCancelled(std::string(sampler_name_) + ": cancelled before step " +
                                    std::to_string(k + 1) + " of " + std::to_string(steps));
        StepOutput out = step(k, pair, x);
        if (!all_finite(out.x0))
            throw Error(step_text(sampler_name_, k, steps, pair) + ": predicted x0 has NaN/Inf values");
        if (!all_finite(out.x_prev))
            throw Error(step_text(sampler_name_, k, steps, pair) + ": x_t has NaN/Inf values");
        if (request_.keep_steps) {
            result_.pred_x0_steps.push_back(out.x0);
            result_.pred_xt_steps.push_back(out.x_prev);
        }
        if (control_.on_step) {
            StepProgress progress;
            progress.step = k + 1;
            progress.steps = steps;
            progress.t = pair.t;
            progress.t_prev = pair.t_prev;
            progress.evaluations = result_.evaluations;
            progress.pred_x0 = &out.x0;
            control_.on_step(progress);
        }
        x = out.x_prev;
    }
    result_.samples = x;
    return std::move(result_);
}

}  // namespace ivid::diffusion

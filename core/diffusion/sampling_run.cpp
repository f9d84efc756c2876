#include "core/diffusion/sampling_run.hpp"

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

SamplingRun::SamplingRun(const DiffusionModel& model, const SampleRequest& request, double guidance,
                         bool batched_guidance, NoiseSource& noise, const SampleControl& control,
                         const char* sampler_name)
    : model_(model), request_(request), guidance_(model.framework, guidance, batched_guidance),
      noise_(noise), control_(control), sampler_name_(sampler_name) {
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
    const bool conditional = model.framework == GuidanceFramework::Inpaint;
    if (conditional != request.condition.has_value())
        throw Error::at("", "condition",
                        conditional ? "a condition (InpaintCFG model)" : "none (unconditional model)",
                        request.condition ? "a condition" : "none");
    if (request.condition) {
        request.condition->validate(n, h, w);
        condition_ = request.condition->to(model.device);
    }
    request.corrections.validate(n, h, w);
    corrections_ = request.corrections.to(model.device);
}

void SamplingRun::check_cancel(int step, int steps) const {
    if (control_.cancel && control_.cancel->load())
        throw SamplingCancelled(std::string(sampler_name_) + ": cancelled before step " +
                                std::to_string(step + 1) + " of " + std::to_string(steps));
}

at::Tensor SamplingRun::eps(const at::Tensor& x_t, int t, int fill_step) {
    const at::Tensor t_index = at::full({x_t.size(0)}, t - 1, at::TensorOptions(at::kLong).device(x_t.device()));
    at::Tensor input = x_t;
    if (condition_) {
        if (fill_step != fill_step_) {
            fill_ = noise_.cond_fill(fill_step, x_t.size(0), x_t.size(2), x_t.size(3));
            fill_step_ = fill_step;
        }
        input = make_cond_input(x_t, *condition_, fill_);
    }
    result_.evaluations += guidance_.evaluations(x_t.size(0), classes_.defined());
    return guidance_.eps(model_.net, input, t_index, classes_);
}

void SamplingRun::finish_step(int step, int steps, StepPair pair, const at::Tensor& x0,
                              const at::Tensor& x_prev) {
    if (!all_finite(x0))
        throw Error(step_text(sampler_name_, step, steps, pair) + ": predicted x0 has NaN/Inf values");
    if (!all_finite(x_prev))
        throw Error(step_text(sampler_name_, step, steps, pair) + ": x_t has NaN/Inf values");
    if (request_.keep_steps) {
        result_.pred_x0_steps.push_back(x0);
        result_.pred_xt_steps.push_back(x_prev);
    }
    if (control_.on_step) {
        StepProgress progress;
        progress.step = step + 1;
        progress.steps = steps;
        progress.t = pair.t;
        progress.t_prev = pair.t_prev;
        progress.evaluations = result_.evaluations;
        progress.pred_x0 = &x0;
        control_.on_step(progress);
    }
}

SampleResult SamplingRun::finish(at::Tensor samples) {
    result_.samples = std::move(samples);
    return std::move(result_);
}

}  // namespace ivid::diffusion

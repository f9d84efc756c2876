#include "core/diffusion/guidance.hpp"

#include <cmath>

#include "core/util/error.hpp"

namespace ivid::diffusion {

std::string guidance_framework_name(GuidanceFramework framework) {
    return enum_name(kGuidanceFrameworkNames, framework);
}

std::string guidance_framework_names() { return enum_choices(kGuidanceFrameworkNames); }

GuidanceFramework parse_guidance_framework(const std::string& name) {
    return parse_enum(kGuidanceFrameworkNames, name, "", "framework name");
}

Guidance::Guidance(GuidanceFramework framework, double strength, bool batched)
    : framework_(framework), strength_(strength), batched_(batched) {
    if (!std::isfinite(strength))
        throw Error::at("", "guidance strength", "a finite number", std::to_string(strength));
}

bool Guidance::guided(bool has_classes) const {
    // IVID subtracts the null-class pass only for strength > 0; without classes both of
    // ClassifierFreeGuidance's passes see None, so they cancel to one plain pass (and a network
    // without num_classes could not take the null class -1 anyway).
    return has_classes && strength_ > 0;
}

int64_t Guidance::evaluations(int64_t n, bool has_classes) const {
    return guided(has_classes) ? 2 * n : n;
}

at::Tensor Guidance::eps(const EpsModel& model, const at::Tensor& input, const at::Tensor& t_index,
                         const at::Tensor& classes) const {
    const bool has_classes = classes.defined();
    if (!has_classes) return model(input, t_index, at::Tensor());
    if (!guided(has_classes)) return (1 + strength_) * model(input, t_index, classes);

    const int64_t n = input.size(0);
    const at::Tensor null_classes = at::full({n}, -1, t_index.options());
    const at::Tensor& cond_classes = classes;
    at::Tensor cond, uncond;
    if (batched_) {
        const at::Tensor both = model(at::cat({input, input}, 0), at::cat({t_index, t_index}, 0),
                                      at::cat({cond_classes, null_classes}, 0));
        cond = both.narrow(0, 0, n);
        uncond = both.narrow(0, n, n);
    } else {
        cond = model(input, t_index, cond_classes);
        uncond = model(input, t_index, null_classes);
    }
    return (1 + strength_) * cond - strength_ * uncond;
}

}  // namespace ivid::diffusion

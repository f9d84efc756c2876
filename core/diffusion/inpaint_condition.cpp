#include "core/diffusion/inpaint_condition.hpp"

#include "core/util/error.hpp"

namespace ivid::diffusion {

namespace {

std::string shape_text(const at::Tensor& t) {
    if (!t.defined()) return "none";
    std::string s = "[";
    for (int64_t i = 0; i < t.dim(); ++i) s += (i ? ", " : "") + std::to_string(t.size(i));
    return s + "]";
}

void require(const at::Tensor& t, int64_t n, int64_t c, int64_t h, int64_t w, const std::string& what) {
    if (!t.defined() || t.dim() != 4 || t.size(0) != n || t.size(1) != c || t.size(2) != h ||
        t.size(3) != w)
        throw Error::at("", "condition " + what,
                        "[" + std::to_string(n) + ", " + std::to_string(c) + ", " +
                            std::to_string(h) + ", " + std::to_string(w) + "]",
                        shape_text(t));
}

}  // namespace

void InpaintCondition::validate(int64_t n, int64_t h, int64_t w) const {
    require(y, n, 4, h, w, "y");
    require(mask, n, 1, h, w, "mask");
    if (mask_rgb.defined()) require(mask_rgb, n, 1, h, w, "mask_rgb");
}

InpaintCondition InpaintCondition::to(const at::Device& device) const {
    return {y.to(device), mask.to(device), mask_rgb.defined() ? mask_rgb.to(device) : at::Tensor()};
}

at::Tensor make_cond_input(const at::Tensor& x_t, const InpaintCondition& condition,
                           const CondFillNoise& fill) {
    const at::Tensor& mask_rgb = condition.mask_rgb.defined() ? condition.mask_rgb : condition.mask;
    const at::Tensor n_rgb = fill.rgb.to(x_t.device());
    const at::Tensor n_depth = fill.depth.to(x_t.device());
    const at::Tensor y_rgb = condition.y.narrow(1, 0, 3), y_depth = condition.y.narrow(1, 3, 1);
    std::vector<at::Tensor> parts{x_t};
    if (condition.mask_rgb.defined()) parts.push_back(mask_rgb);
    parts.push_back(y_rgb * mask_rgb + n_rgb * (1 - mask_rgb));
    parts.push_back(y_depth * condition.mask + n_depth * (1 - condition.mask));
    parts.push_back(condition.mask);
    return at::cat(parts, 1);
}

}  // namespace ivid::diffusion

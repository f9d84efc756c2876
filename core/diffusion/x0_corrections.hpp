// IVID's edits of the predicted clean image during conditional sampling (DdimSampler.sample_once):
// pull known colour and depth towards the rendered condition, and push unknown depth behind the
// already generated surface (the "convex" depth).
#pragma once

#include <optional>

#include <ATen/ATen.h>

namespace ivid::diffusion {

struct ReplaceRgb {
    double weight = 0.1;
    at::Tensor value;  // [N, 3, H, W]
    at::Tensor mask;   // [N, 1, H, W]
};

struct ReplaceDepth {
    double weight = 0.2;
    at::Tensor value;  // [N, 1, H, W]
    at::Tensor mask;   // [N, 1, H, W]; also the known-pixel mask of constrain_depth
};

struct ConstrainDepth {
    double weight = 0.5;
    at::Tensor convex;  // [N, 1, H, W]
};

struct X0Corrections {
    std::optional<ReplaceRgb> replace_rgb;
    std::optional<ReplaceDepth> replace_depth;
    std::optional<ConstrainDepth> constrain_depth;  // IVID applies it only with replace_depth

    bool any() const { return replace_rgb || replace_depth || constrain_depth; }
    // Shapes against x of [n, 4, h, w]; constrain_depth without replace_depth is an Error
    // (IVID would silently skip it).
    void validate(int64_t n, int64_t h, int64_t w) const;
    X0Corrections to(const at::Device& device) const;

    // Edits x0 [N, 4, H, W] in place. IVID's step rules: replace_rgb is skipped on the final
    // step (t_prev = 0); replace_depth and constrain_depth apply on every step.
    void apply(at::Tensor& x0, bool final_step) const;
};

}  // namespace ivid::diffusion

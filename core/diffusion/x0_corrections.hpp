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

// Back-projection onto the low-res input (super-resolution; not in IVID): x0 += w U(y - D(x0)),
// D the s x s box average, U nearest-neighbour replication by s = W / w. At weight 1 it is the
// orthogonal projection onto the images whose box average is y, so it can only bring x0 closer
// to a truth that box-averages to y (a view rendered with jittered samples at low resolution):
// the upsampled view keeps the low frequencies of the view it came from.
struct BackProjection {
    double weight = 1.0;
    at::Tensor y;  // [N, 4, h, w], with H = s h and W = s w
};

struct X0Corrections {
    std::optional<ReplaceRgb> replace_rgb;
    std::optional<ReplaceDepth> replace_depth;
    std::optional<ConstrainDepth> constrain_depth;  // IVID applies it only with replace_depth
    std::optional<BackProjection> back_projection;  // applies on every step, the final one included

    bool any() const { return replace_rgb || replace_depth || constrain_depth || back_projection; }
    // Shapes against x of [n, 4, h, w]; constrain_depth without replace_depth is an Error
    // (IVID would silently skip it).
    void validate(int64_t n, int64_t h, int64_t w) const;
    X0Corrections to(const at::Device& device) const;

    // Edits x0 [N, 4, H, W] in place. IVID's step rules: replace_rgb is skipped on the final
    // step (t_prev = 0); replace_depth and constrain_depth apply on every step; back_projection
    // last, on every step.
    void apply(at::Tensor& x0, bool final_step) const;

private:
    void apply_back_projection(at::Tensor& x0) const;
};

}  // namespace ivid::diffusion

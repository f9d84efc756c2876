#include "core/diffusion/x0_corrections.hpp"

#include "core/util/error.hpp"

namespace ivid::diffusion {

namespace {

void require(const at::Tensor& t, int64_t n, int64_t c, int64_t h, int64_t w, const std::string& what) {
    if (t.defined() && t.dim() == 4 && t.size(0) == n && t.size(1) == c && t.size(2) == h &&
        t.size(3) == w)
        return;
    std::string found = "none";
    if (t.defined()) {
        found = "[";
        for (int64_t i = 0; i < t.dim(); ++i) found += (i ? ", " : "") + std::to_string(t.size(i));
        found += "]";
    }
    throw Error::at("", what,
                    "[" + std::to_string(n) + ", " + std::to_string(c) + ", " + std::to_string(h) +
                        ", " + std::to_string(w) + "]",
                    found);
}

}  // namespace

void X0Corrections::validate(int64_t n, int64_t h, int64_t w) const {
    if (replace_rgb) {
        require(replace_rgb->value, n, 3, h, w, "replace_rgb value");
        require(replace_rgb->mask, n, 1, h, w, "replace_rgb mask");
    }
    if (replace_depth) {
        require(replace_depth->value, n, 1, h, w, "replace_depth value");
        require(replace_depth->mask, n, 1, h, w, "replace_depth mask");
    }
    if (constrain_depth) {
        if (!replace_depth)
            throw Error::at("", "constrain_depth", "replace_depth as well (it supplies the mask)", "none");
        require(constrain_depth->convex, n, 1, h, w, "constrain_depth convex");
    }
    if (back_projection) {
        const at::Tensor& y = back_projection->y;
        const int64_t scale = y.defined() && y.dim() == 4 && y.size(3) > 0 ? w / y.size(3) : 0;
        if (scale < 1) throw Error::at("", "back_projection y", "[N, 4, h, w] with w <= " + std::to_string(w), "another shape");
        require(y, n, 4, h / scale, w / scale, "back_projection y");
        if (h % scale != 0 || w % scale != 0)
            throw Error::at("", "back_projection y", "a size that one integer scale takes to " + std::to_string(h) + "x" + std::to_string(w),
                            std::to_string(y.size(2)) + "x" + std::to_string(y.size(3)));
        const double weight = back_projection->weight;
        if (!(weight >= 0.0 && weight <= 1.0)) throw Error::at("", "back_projection weight", "0..1", std::to_string(weight));
    }
}

X0Corrections X0Corrections::to(const at::Device& device) const {
    X0Corrections out = *this;
    if (out.replace_rgb) {
        out.replace_rgb->value = out.replace_rgb->value.to(device);
        out.replace_rgb->mask = out.replace_rgb->mask.to(device);
    }
    if (out.replace_depth) {
        out.replace_depth->value = out.replace_depth->value.to(device);
        out.replace_depth->mask = out.replace_depth->mask.to(device);
    }
    if (out.constrain_depth) out.constrain_depth->convex = out.constrain_depth->convex.to(device);
    if (out.back_projection) out.back_projection->y = out.back_projection->y.to(device, at::kFloat);
    return out;
}

void X0Corrections::apply(at::Tensor& x0, bool final_step) const {
    // Same float32 expressions, in the same order, as IVID (weights are Python floats there).
    if (replace_rgb && !final_step) {
        const double w = replace_rgb->weight;
        const at::Tensor& m = replace_rgb->mask;
        at::Tensor rgb = x0.narrow(1, 0, 3);
        rgb.copy_((w * replace_rgb->value + (1 - w) * rgb) * m + rgb * (1 - m));
    }
    if (replace_depth) {
        const double w = replace_depth->weight;
        const at::Tensor& m = replace_depth->mask;
        at::Tensor depth = x0.narrow(1, 3, 1);
        depth.copy_((w * replace_depth->value + (1 - w) * depth) * m + depth * (1 - m));
        if (constrain_depth) {
            const double c = constrain_depth->weight;
            depth.copy_(depth * m +
                        (c * at::maximum(depth, constrain_depth->convex) + (1 - c) * depth) * (1 - m));
        }
    }
    if (back_projection) apply_back_projection(x0);
}

void X0Corrections::apply_back_projection(at::Tensor& x0) const {
    const BackProjection& p = *back_projection;
    const int64_t scale = x0.size(3) / p.y.size(3);
    const at::Tensor residual = float(p.weight) * (p.y - at::avg_pool2d(x0, {scale, scale}));
    x0.add_(residual.repeat_interleave(scale, 2).repeat_interleave(scale, 3));
}

}  // namespace ivid::diffusion

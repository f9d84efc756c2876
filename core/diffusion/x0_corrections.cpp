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
}

}  // namespace ivid::diffusion

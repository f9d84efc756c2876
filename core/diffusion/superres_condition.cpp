#include "core/diffusion/superres_condition.hpp"

#include <string>

#include "core/util/error.hpp"

namespace ivid::diffusion {

namespace {

std::string shape_text(const at::Tensor& t) {
    std::string s = "[";
    for (int64_t d = 0; d < t.dim(); ++d) s += (d ? ", " : "") + std::to_string(t.size(d));
    return s + "]";
}

}  // namespace

void SuperResCondition::validate(int64_t n, int64_t h_hr, int64_t w_hr) const {
    if (!y.defined()) throw Error::at("", "low-res condition y", "a [N, 4, h, w] tensor", "none");
    if (y.dim() != 4 || y.size(0) != n || y.size(1) != 4)
        throw Error::at("", "low-res condition y", "[" + std::to_string(n) + ", 4, h, w]", shape_text(y));
    const int64_t h = y.size(2), w = y.size(3);
    const int64_t scale = w > 0 ? w_hr / w : 0;
    if (h < 1 || w < 1 || scale < 1 || h * scale != h_hr || w * scale != w_hr)
        throw Error::at("", "low-res condition y",
                        "a size that one integer scale takes to " + std::to_string(h_hr) + "x" + std::to_string(w_hr),
                        std::to_string(h) + "x" + std::to_string(w));
}

SuperResCondition SuperResCondition::to(const at::Device& device) const {
    return SuperResCondition{y.to(device, at::kFloat)};
}

at::Tensor upsample_low_res(const at::Tensor& y, int64_t scale) {
    // F.interpolate(scale_factor=s) passes s itself to the kernel; for an integer s that is the
    // same source-coordinate mapping as the output size, so both are given.
    return at::upsample_bilinear2d(y, {y.size(2) * scale, y.size(3) * scale}, /*align_corners=*/false,
                                   double(scale), double(scale));
}

at::Tensor bicubic_start_image(const at::Tensor& y, int64_t size) {
    return at::upsample_bicubic2d(y, {size, size}, false).clamp(-1.0, 1.0);
}

at::Tensor make_superres_input(const at::Tensor& x_t, const SuperResCondition& condition) {
    const int64_t scale = x_t.size(3) / condition.y.size(3);
    return at::cat({x_t, upsample_low_res(condition.y, scale)}, 1);
}

}  // namespace ivid::diffusion

#include "core/nn/tensor_difference.hpp"

#include <ATen/ATen.h>

#include "core/util/error.hpp"

namespace ivid::nn {

TensorDifference tensor_difference(const at::Tensor& ours, const at::Tensor& ref, double atol, double rtol) {
    if (ours.sizes() != ref.sizes())
        throw Error("tensor comparison: shapes differ: ours " + c10::str(ours.sizes()) + ", reference " + c10::str(ref.sizes()));
    const at::Tensor a = ours.to(at::kCPU, at::kDouble), b = ref.to(at::kCPU, at::kDouble);
    const at::Tensor diff = (a - b).abs(), mag = b.abs();
    const bool has_nan = diff.isnan().any().item<bool>();
    const double nan = std::numeric_limits<double>::quiet_NaN();
    TensorDifference d;
    d.max_abs = has_nan ? nan : diff.max().item<double>();
    const at::Tensor big = mag.ge(1e-3);
    d.max_rel = has_nan ? nan : (big.any().item<bool>() ? (diff.masked_select(big) / mag.masked_select(big)).max().item<double>() : 0.0);
    d.ref_abs_max = mag.max().item<double>();
    d.allclose_ratio = has_nan ? nan : (diff / (atol + rtol * mag)).max().item<double>();
    return d;
}

}  // namespace ivid::nn

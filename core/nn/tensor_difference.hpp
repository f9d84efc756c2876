// Elementwise comparison of a result with a reference tensor, in the terms the fixtures state
// their tolerances: |ours - ref| <= atol + rtol * |ref| (numpy.allclose), computed in float64.
#pragma once

#include <ATen/core/Tensor.h>

namespace ivid::nn {

struct TensorDifference {
    double max_abs = 0;          // max |ours - ref|
    double max_rel = 0;          // max |ours - ref| / |ref| over elements with |ref| >= 1e-3
    double ref_abs_max = 0;      // max |ref|
    double allclose_ratio = 0;   // max |ours - ref| / (atol + rtol * |ref|); <= 1 means allclose
};

// Shapes must match (Error otherwise); NaN anywhere gives NaN figures, which fail any limit.
TensorDifference tensor_difference(const at::Tensor& ours, const at::Tensor& ref, double atol, double rtol);

}  // namespace ivid::nn

// The denoiser seen by the samplers: predicted noise eps = model(x, t_index, classes) for a
// batch. Samplers know nothing else about the network, so analytic denoisers can stand in for
// the U-Net in tests.
#pragma once

#include <functional>

#include <ATen/ATen.h>

namespace ivid::diffusion {

// x: [N, C_in, H, W] float; t_index: [N] int64 timestep indices (t - 1, 0..T-1); classes: [N]
// int64 where -1 is the null class, or an undefined tensor for "no classes" (same meaning as
// all -1). Returns eps as [N, C_out, H, W] float.
using EpsModel = std::function<at::Tensor(const at::Tensor& x, const at::Tensor& t_index,
                                          const at::Tensor& classes)>;

}  // namespace ivid::diffusion

// .npy arrays <-> CPU tensors (reference fixtures, debugging dumps of sampler states).
#pragma once

#include <filesystem>

#include <ATen/ATen.h>

#include "core/image/npy.hpp"

namespace ivid::diffusion {

// float32/float64 arrays become float32 tensors, integer arrays int64; the shape is kept.
at::Tensor npy_to_tensor(const NpyArray& array);
at::Tensor load_npy_tensor(const std::filesystem::path& path);
// float32 tensors (any device, any layout) as a C-order float32 array.
NpyArray tensor_to_npy(const at::Tensor& tensor);

}  // namespace ivid::diffusion

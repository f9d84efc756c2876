// Where the networks run: CPU thread count (LibTorch defaults to half the cores, 1 on this kind of
// machine, so it is set explicitly) and the device by name.
#pragma once

#include <string>

#include <c10/core/Device.h>

namespace ivid::nn {

// Sets LibTorch's intra-op thread count; 0 = compute_threads(): the cores this process may use
// (its affinity mask and cgroup quota, not the whole machine) that other processes leave idle.
// Returns the count now in use. Also keeps large freed CPU buffers in the heap for reuse (glibc
// would unmap them after each use and the next forward would page-fault them in again).
int set_compute_threads(int threads = 0);

// "cpu" or "cuda" / "cuda:N". CUDA without a CUDA-enabled LibTorch or without a GPU is an Error
// that says which (see IVID_TORCH_CUDA in CMakeLists.txt).
c10::Device select_device(const std::string& name);

}  // namespace ivid::nn

#include "core/nn/autocast.hpp"

#include <ATen/autocast_mode.h>

#include "core/util/error.hpp"

namespace ivid::nn {

Autocast parse_autocast(const std::string& name, const std::string& what) {
    if (name == "none") return Autocast::None;
    if (name == "fp16") return Autocast::Fp16;
    if (name == "bf16") return Autocast::Bf16;
    throw Error(what + ": expected none, fp16 or bf16, found \"" + name + "\"");
}

std::string autocast_name(Autocast mode) {
    switch (mode) {
        case Autocast::Fp16: return "fp16";
        case Autocast::Bf16: return "bf16";
        case Autocast::None: break;
    }
    return "none";
}

void require_autocast_support(Autocast mode, const c10::Device& device) {
    if (mode == Autocast::Fp16 && !device.is_cuda())
        throw Error("autocast fp16: expected a CUDA device (LibTorch autocasts to fp16 only on CUDA), found \"" +
                    device.str() + "\"; use bf16 on the CPU");
}

AutocastGuard::AutocastGuard(Autocast mode, const c10::Device& device) {
    if (mode == Autocast::None) return;
    require_autocast_support(mode, device);
    const c10::ScalarType dtype = mode == Autocast::Fp16 ? at::kHalf : at::kBFloat16;
    cuda_ = device.is_cuda();
    if (cuda_) {
        was_enabled_ = at::autocast::is_enabled();
        previous_dtype_ = at::autocast::get_autocast_gpu_dtype();
        at::autocast::set_autocast_gpu_dtype(dtype);
        at::autocast::set_enabled(true);
    } else {
        was_enabled_ = at::autocast::is_cpu_enabled();
        previous_dtype_ = at::autocast::get_autocast_cpu_dtype();
        at::autocast::set_autocast_cpu_dtype(dtype);
        at::autocast::set_cpu_enabled(true);
    }
    at::autocast::increment_nesting();
    active_ = true;
}

AutocastGuard::~AutocastGuard() {
    if (!active_) return;
    // As torch.autocast does: the cache of cast weights lives only as long as the outermost region.
    if (at::autocast::decrement_nesting() == 0) at::autocast::clear_cache();
    if (cuda_) {
        at::autocast::set_enabled(was_enabled_);
        at::autocast::set_autocast_gpu_dtype(previous_dtype_);
    } else {
        at::autocast::set_cpu_enabled(was_enabled_);
        at::autocast::set_autocast_cpu_dtype(previous_dtype_);
    }
}

}  // namespace ivid::nn

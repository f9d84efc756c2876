#include "core/nn/autocast.hpp"

#include <ATen/ATen.h>
#include <ATen/autocast_mode.h>

#include "core/util/error.hpp"

namespace ivid::nn {
namespace {

// Whether this CPU's kernels run a bf16 convolution: oneDNN needs AVX-512 for it, so on other
// CPUs (or with its ISA capped) the first bf16 forward would die deep inside a convolution.
// Probed once with tiny instances of the products a U-Net runs (convolutions with bias for one
// image and a batch, a linear layer, a batched matrix product); "" when they run, else the reason.
const std::string& cpu_bf16_failure() {
    static const std::string failure = [] {
        try {
            const auto bf16 = [](at::IntArrayRef shape) { return at::ones(shape, at::kBFloat16); };
            for (int64_t batch : {1, 2}) at::conv2d(bf16({batch, 4, 8, 8}), bf16({4, 4, 3, 3}), bf16({4}), 1, 1);
            at::conv2d(bf16({1, 4, 8, 8}), bf16({8, 4, 1, 1}), bf16({8}));
            at::linear(bf16({2, 16}), bf16({8, 16}), bf16({8}));
            at::bmm(bf16({2, 4, 8}), bf16({2, 8, 4}));
            return std::string();
        } catch (const c10::Error& e) {
            return std::string(e.what_without_backtrace());
        } catch (const std::exception& e) {  // oneDNN's own dnnl::error
            return std::string(e.what());
        }
    }();
    return failure;
}

}  // namespace

Autocast parse_autocast(const std::string& name, const std::string& what) {
    return parse_enum(kAutocastNames, name, what, "");
}

std::string autocast_name(Autocast mode) { return enum_name(kAutocastNames, mode); }

void require_autocast_support(Autocast mode, const c10::Device& device) {
    if (mode == Autocast::Fp16 && !device.is_cuda())
        throw Error("autocast fp16: expected a CUDA device (LibTorch autocasts to fp16 only on CUDA), found \"" +
                    device.str() + "\"; use bf16 on the CPU");
    if (mode == Autocast::Bf16 && !device.is_cuda() && !cpu_bf16_failure().empty())
        throw Error("autocast bf16: this CPU's kernels cannot run bf16 convolutions (oneDNN needs AVX-512; it says: " +
                    cpu_bf16_failure() + "); use autocast none");
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

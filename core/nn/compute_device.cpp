#include "core/nn/compute_device.hpp"

#include <ATen/Context.h>
#include <ATen/Parallel.h>

#include "core/util/error.hpp"
#include "core/util/freed_memory_reuse.hpp"
#include "core/util/usable_cores.hpp"

namespace ivid::nn {

int set_compute_threads(int threads) {
    keep_freed_memory_for_reuse();
    if (threads < 0) throw Error("thread count: expected 0 (every usable core) or a positive number, found " + std::to_string(threads));
    at::set_num_threads(threads == 0 ? compute_threads() : threads);
    return at::get_num_threads();
}

c10::Device select_device(const std::string& name) {
    if (name == "cpu") return c10::Device(c10::kCPU);
    if (name.rfind("cuda", 0) != 0)
        throw Error("device: expected \"cpu\" or \"cuda[:N]\", found \"" + name + "\"");
    if (!at::hasCUDA())
        throw Error("device \"" + name + "\": this build's LibTorch has no CUDA support or no GPU is visible "
                    "(configure with -DIVID_TORCH_CUDA=<path to a CUDA LibTorch> on a machine with a GPU)");
    try {
        return c10::Device(name);
    } catch (const c10::Error&) {
        throw Error("device: expected \"cuda\" or \"cuda:N\", found \"" + name + "\"");
    }
}

}  // namespace ivid::nn

#include "core/nn/compute_device.hpp"

#include <malloc.h>

#include <ATen/Context.h>
#include <ATen/Parallel.h>

#include "core/util/error.hpp"
#include "core/util/usable_cores.hpp"

namespace ivid::nn {

namespace {

// glibc serves blocks of 128 KiB and more (growing to 32 MiB) with their own mmap and hands them
// back to the OS on free, so every U-Net forward page-faults its large activation buffers in
// again: measured on IVID's ImageNet-128 shape, 6.7 s per forward instead of 2.8 s (eager) and
// 3.9 s instead of 2.1 s (fast path). Freed blocks stay in the heap for the next forward instead:
// the mmap threshold at glibc's 32 MiB cap, and no mmap at all for the main heap (that shape's
// concatenated activations are 32 MiB and more: fast path 2093-2237 -> 1970-2009 ms median per
// forward, same peak memory; thread arenas still map what their 64 MiB heaps cannot hold).
void keep_freed_buffers_for_reuse() {
    static const bool done = [] {
        mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
        mallopt(M_MMAP_MAX, 0);
        mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
        return true;
    }();
    (void)done;
}

}  // namespace

int set_compute_threads(int threads) {
    keep_freed_buffers_for_reuse();
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

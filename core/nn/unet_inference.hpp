// The U-Net forward used for sampling (issue 17). AdmUnet::forward is the reference: it runs the
// layers as IVID's eager PyTorch does, and training uses it (autograd). Sampling needs no
// gradients, and on the CPU two things make the same layers faster (measured, README): OpenBLAS
// runs single-threaded during the forward, so that its spinning thread pool stops competing with
// LibTorch's OpenMP threads for the same cores, and large convolution weights are prepacked once
// into oneDNN's layout instead of reordered on every call. Other ideas (channels-last layout, 1x1
// convolutions and attention as token-major matrix products, FiLM folded into GroupNorm, in-place
// activations) were measured and did not win on LibTorch 1.13. The result equals the eager one
// up to float32 rounding (tests/unit/test_nn_unet_inference.cpp).
#pragma once

#include <memory>
#include <mutex>
#include <string>

#include <ATen/core/Tensor.h>

#include "core/nn/adm_unet.hpp"
#include "core/util/enum_names.hpp"

namespace ivid::nn {

enum class UnetPath { Eager, Fast };
inline constexpr EnumName<UnetPath> kUnetPathNames[] = {{UnetPath::Eager, "eager"}, {UnetPath::Fast, "fast"}};

// "eager" or "fast"; anything else is an Error naming `what` (e.g. "--path").
UnetPath parse_unet_path(const std::string& name, const std::string& what);
std::string unet_path_name(UnetPath path);
// The path sampling takes: fast, unless the environment sets IVID_UNET_PATH=eager (to compare
// with or fall back to the reference). Another value of IVID_UNET_PATH is an Error.
UnetPath default_unet_path();

class UnetInference {
public:
    // `net` is kept by reference and must outlive this object. Preparing the weights is deferred
    // to the first fast forward and redone when the network's weights change (load_state_dict,
    // to(), a training step), so this always computes with the network's current weights.
    explicit UnetInference(const AdmUnet& net, UnetPath path = default_unet_path());
    ~UnetInference();

    // AdmUnet::forward's contract (shapes, errors, float32 result), without autograd.
    at::Tensor forward(const at::Tensor& x, const at::Tensor& t, const at::Tensor& classes = {}) const;
    // Whether forward takes the fast path now: path Fast, a float32 network on the CPU, no
    // autocast, not in training mode. Otherwise forward is AdmUnet::forward (e.g. on CUDA,
    // where these CPU-specific layouts would not help).
    bool uses_fast_path() const;
    const AdmUnet& net() const { return net_; }
    // How many convolutions run on prepacked weights (after a fast forward; 0 before).
    size_t packed_convolutions() const;

    struct Prepared;  // the prepared weights (unet_inference.cpp)

private:
    std::shared_ptr<const Prepared> prepared() const;

    const AdmUnet& net_;
    UnetPath path_;
    mutable std::mutex mutex_;
    mutable std::shared_ptr<const Prepared> prepared_;
};

}  // namespace ivid::nn

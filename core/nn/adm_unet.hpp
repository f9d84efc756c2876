// AdmUnet2d, IVID's ADM U-Net (diffusion/backbones/adm.py), written directly on ATen. Parameter
// and buffer names, shapes and order equal IVID's state_dict, so its checkpoints load unchanged.
// The conventions it copies are listed in tests/fixtures/ivid-torch/README.md.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>

#include "core/nn/adm_config.hpp"
#include "core/nn/autocast.hpp"
#include "core/nn/checkpoint_reader.hpp"

namespace ivid::nn {

class AdmUnet {
public:
    // Builds the network with seeded random weights (see randomize). `source` names the config in
    // errors, e.g. a layer whose channel count num_groups does not divide.
    explicit AdmUnet(const AdmUnetConfig& config, const std::string& source = "AdmUnet2d config");
    ~AdmUnet();
    AdmUnet(AdmUnet&&) noexcept;
    AdmUnet& operator=(AdmUnet&&) noexcept;

    const AdmUnetConfig& config() const;

    // Predicted noise [N, out_channels, H, W] for x [N, in_channels, H, W] (float), timestep
    // indices t [N] (integers, 0-based) and classes [N] (int64, -1 = null class) or an undefined
    // tensor for "no classes" (same result as all -1). Batch items are independent, so guidance
    // can stack its passes into one call. Runs without autograd unless training mode is on.
    // Bad shapes or class ids throw Error.
    at::Tensor forward(const at::Tensor& x, const at::Tensor& t, const at::Tensor& classes = {}) const;

    // Copies a checkpoint into the network (fp16 and views up-cast into the float32 parameters).
    // All missing and unexpected keys and shape mismatches are reported in one Error naming `source`.
    void load_state_dict(const StateDict& state, const std::string& source);
    // Parameters and buffers with IVID's names, in IVID's order.
    StateDict state_dict() const;
    std::vector<at::Tensor> parameters() const;  // trainable tensors (buffers excluded)
    int64_t parameter_count() const;
    // Throws Error when a forward of that input size would not fit in the machine's memory (every
    // forward checks this itself; callers that allocate inputs check first).
    void require_forward_fits(int64_t batch, int64_t height, int64_t width) const;
    // The parameter count of the network a config describes, without allocating it (the config's
    // divisibility checks run as for a real network).
    static int64_t count_parameters(const AdmUnetConfig& config, const std::string& source = "AdmUnet2d config");

    // Seeded N(0, 1/fan_in) weights, small biases, near-identity norms (benchmarks and tests; not
    // IVID's training initialisation, which zeroes the output layers).
    void randomize(uint64_t seed);
    // The initialisation IVID trains from: PyTorch's layer defaults (uniform +-1/sqrt(fan_in) for
    // weights and biases, norms at identity, N(0,1) class embeddings) with the layers ADM zeroes
    // (each ResBlock's last convolution, attention proj_out, the output convolution) at zero.
    void initialize_for_training(uint64_t seed);
    // Moves all tensors. With use_fp16 on CUDA the torso convolutions run in half precision as
    // in IVID; on CPU the network stays float32 (LibTorch has no CPU half convolutions).
    void to(const c10::Device& device);
    c10::Device device() const;
    // Training mode: dropout on, autograd on, parameters require gradients.
    void set_training(bool training);
    // Mixed precision for forward (default None): its output is float32 all the same. fp16 on a
    // CPU network is an Error (see require_autocast_support), here and in forward after a move.
    void set_autocast(Autocast mode);
    Autocast autocast() const;

private:
    friend class UnetInference;  // walks the same layers with inference kernels (unet_inference.hpp)
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

// Reads config and (optionally) checkpoint files: the usual way to get a ready network.
AdmUnet load_adm_unet(const ModelConfig& config, const std::optional<std::filesystem::path>& checkpoint);

}  // namespace ivid::nn

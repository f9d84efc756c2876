// A backbone with its IVID framework (the config's "framework" block): what samplers sample from.
#pragma once

#include <c10/core/Device.h>

#include "core/diffusion/eps_model.hpp"
#include "core/diffusion/guidance.hpp"
#include "core/diffusion/noise_schedule.hpp"

namespace ivid::nn {
class AdmUnet;
struct ModelConfig;
}  // namespace ivid::nn

namespace ivid::diffusion {

struct DiffusionModel {
    EpsModel net;
    GuidanceFramework framework = GuidanceFramework::ClassifierFree;
    NoiseSchedule schedule{BetaSchedule::Linear, 1000};
    c10::Device device = c10::kCPU;
};

// The U-Net (kept by reference: it must outlive the result; sampled through its inference fast
// path, nn::UnetInference, which follows later weight changes) with the framework, timesteps and
// beta_schedule of `config` (IVID's defaults 1000 and "linear" when absent). Unknown framework or
// schedule names and bad timesteps are Errors naming the config file and key.
DiffusionModel make_diffusion_model(const nn::ModelConfig& config, const nn::AdmUnet& unet);

}  // namespace ivid::diffusion

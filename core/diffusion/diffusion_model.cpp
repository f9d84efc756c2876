#include "core/diffusion/diffusion_model.hpp"

#include <memory>

#include "core/nn/adm_config.hpp"
#include "core/nn/adm_unet.hpp"
#include "core/nn/unet_inference.hpp"
#include "core/util/error.hpp"

namespace ivid::diffusion {

DiffusionModel make_diffusion_model(const nn::ModelConfig& config, const nn::AdmUnet& unet) {
    const nlohmann::json& args = config.framework.args;
    auto fail = [&](const std::string& key, const std::string& expected, const std::string& found) {
        return Error::at(config.file, "framework." + key, expected, found);
    };
    DiffusionModel model;
    try {
        model.framework = parse_guidance_framework(config.framework.name);
    } catch (const Error&) {
        throw fail("name", "one of " + guidance_framework_names(), "\"" + config.framework.name + "\"");
    }
    int timesteps = 1000;
    if (args.contains("timesteps")) {
        if (!args["timesteps"].is_number_integer() || args["timesteps"].get<int64_t>() < 1 ||
            args["timesteps"].get<int64_t>() > 100000)
            throw fail("args.timesteps", "an integer in 1..100000", args["timesteps"].dump());
        timesteps = args["timesteps"].get<int>();
    }
    std::string schedule = "linear";
    if (args.contains("beta_schedule")) {
        if (!args["beta_schedule"].is_string()) throw fail("args.beta_schedule", "a string", args["beta_schedule"].dump());
        schedule = args["beta_schedule"].get<std::string>();
    }
    try {
        model.schedule = NoiseSchedule(parse_beta_schedule(schedule), timesteps);
    } catch (const Error&) {
        throw fail("args.beta_schedule", "\"linear\" or \"cosine\"", "\"" + schedule + "\"");
    }
    model.device = unet.device();
    // Sampling runs the U-Net's inference fast path (the eager forward where that does not apply:
    // CUDA, autocast, training mode, or IVID_UNET_PATH=eager).
    const auto inference = std::make_shared<const nn::UnetInference>(unet);
    model.net = [inference](const at::Tensor& x, const at::Tensor& t, const at::Tensor& classes) {
        return inference->forward(x, t, classes);
    };
    return model;
}

}  // namespace ivid::diffusion

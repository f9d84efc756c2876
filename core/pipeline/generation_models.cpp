#include "core/pipeline/generation_models.hpp"

#include "core/nn/compute_device.hpp"
#include "core/pipeline/super_resolution.hpp"
#include "core/util/error.hpp"
#include "core/util/sha256.hpp"

namespace fs = std::filesystem;

namespace ivid::pipeline {

namespace {

std::string classes_text(const std::optional<int>& n) { return n ? std::to_string(*n) + " classes" : "no classes"; }

void require_file(const fs::path& path, const std::string& what) {
    if (!fs::is_regular_file(path)) throw Error(what + " " + path.string() + ": no such file");
}

}  // namespace

LoadedModel load_model(const ModelFiles& files, nn::ModelConfig config, const std::string& role, const c10::Device& device) {
    nn::AdmUnet net = nn::load_adm_unet(config, files.checkpoint);
    LoadedModel m = prepare_model(std::move(config), std::move(net), device);
    m.files = files;
    m.identity = {role, files.checkpoint.filename().string(), sha256_file(files.checkpoint)};
    return m;
}

LoadedModel prepare_model(nn::ModelConfig config, nn::AdmUnet net, const c10::Device& device) {
    LoadedModel m;
    m.config = std::move(config);
    m.net = std::make_unique<nn::AdmUnet>(std::move(net));
    m.net->to(device);
    m.diffusion = diffusion::make_diffusion_model(m.config, *m.net);
    return m;
}

void check_model_pair(const nn::ModelConfig& u, const nn::ModelConfig& c) {
    const auto& ub = u.backbone;
    const auto& cb = c.backbone;
    if (ub.in_channels != 4 || ub.out_channels != 4)
        throw Error::at(u.file, "backbone.args in_channels/out_channels",
                        "4 and 4 (an unconditional RGBD model)",
                        std::to_string(ub.in_channels) + " and " + std::to_string(ub.out_channels));
    if ((cb.in_channels != 9 && cb.in_channels != 10) || cb.out_channels != 4)
        throw Error::at(c.file, "backbone.args in_channels/out_channels",
                        "9 or 10 and 4 (a conditional RGBD inpainting model)",
                        std::to_string(cb.in_channels) + " and " + std::to_string(cb.out_channels));
    if (u.framework.name != "ClassifierFreeGuidance")
        throw Error::at(u.file, "framework.name", "\"ClassifierFreeGuidance\" (the unconditional model)",
                        "\"" + u.framework.name + "\"");
    if (c.framework.name != "InpaintCFG")
        throw Error::at(c.file, "framework.name", "\"InpaintCFG\" (the conditional model)", "\"" + c.framework.name + "\"");
    if (ub.image_size != cb.image_size)
        throw Error::at(c.file, "backbone.args.image_size",
                        std::to_string(ub.image_size) + " (as the unconditional model " + u.file + ")",
                        std::to_string(cb.image_size));
    if (ub.num_classes != cb.num_classes)
        throw Error::at(c.file, "backbone.args.num_classes",
                        classes_text(ub.num_classes) + " (as the unconditional model " + u.file + ")",
                        classes_text(cb.num_classes));
}

std::shared_ptr<const GenerationModels> load_generation_models(const ModelSources& sources, const std::string& device) {
    require_file(sources.unconditional.config, "unconditional model config");
    require_file(sources.unconditional.checkpoint, "unconditional model checkpoint");
    require_file(sources.conditional.config, "conditional model config");
    require_file(sources.conditional.checkpoint, "conditional model checkpoint");
    nn::ModelConfig u = nn::load_model_config(sources.unconditional.config);
    nn::ModelConfig c = nn::load_model_config(sources.conditional.config);
    check_model_pair(u, c);
    const c10::Device dev = nn::select_device(device);
    auto models = std::make_shared<GenerationModels>();
    models->name = sources.name;
    models->device = dev;
    models->unconditional = load_model(sources.unconditional, std::move(u), "unconditional", dev);
    models->conditional = load_model(sources.conditional, std::move(c), "conditional", dev);
    if (const auto& sr = sources.super_resolution) {
        require_file(sr->config, "super-resolution model config");
        require_file(sr->checkpoint, "super-resolution model checkpoint");
        nn::ModelConfig config = nn::load_model_config(sr->config);
        check_superres_model(config);
        check_superres_fits(config, models->image_size());
        models->super_resolution = load_model(*sr, std::move(config), "super_resolution", dev);
    }
    return models;
}

}  // namespace ivid::pipeline


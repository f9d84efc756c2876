// The two networks of a generation run, loaded once, checked against each other and hashed for
// provenance. The studio can keep them between jobs (GenerationRequest::loaded).
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <c10/core/Device.h>

#include "core/diffusion/diffusion_model.hpp"
#include "core/nn/adm_config.hpp"
#include "core/nn/adm_unet.hpp"
#include "core/pipeline/model_pack.hpp"
#include "core/scene/scene.hpp"

namespace ivid::pipeline {

struct LoadedModel {
    ModelFiles files;
    nn::ModelConfig config;
    std::unique_ptr<nn::AdmUnet> net;     // owned here; `diffusion` refers to it
    diffusion::DiffusionModel diffusion;
    ModelIdentity identity;               // role, checkpoint file name, sha256
};

struct GenerationModels {
    std::string name;
    c10::Device device = c10::kCPU;
    LoadedModel unconditional, conditional;
    std::optional<LoadedModel> super_resolution;  // when the sources name one

    int image_size() const { return unconditional.config.backbone.image_size; }
    std::optional<int> num_classes() const { return unconditional.config.backbone.num_classes; }
};

// A network ready to sample from: moved to `device`, with its DiffusionModel (files and identity
// are left empty: load_generation_models fills them).
LoadedModel prepare_model(nn::ModelConfig config, nn::AdmUnet net, const c10::Device& device);

// IVID's pairing rules, checked before any weights are read: the unconditional model (ClassifierFreeGuidance) has 4 input
// and 4 output channels, the conditional one (InpaintCFG) 9 or 10 inputs and 4 outputs, both the
// same image size and the same class count (or both none). Error naming the config files.
void check_model_pair(const nn::ModelConfig& unconditional, const nn::ModelConfig& conditional);

// Reads a checkpoint into the network `config` describes, moves it to `device` and identifies it
// (role, file name, SHA-256) for provenance.
LoadedModel load_model(const ModelFiles& files, nn::ModelConfig config, const std::string& role, const c10::Device& device);

// Reads configs, checks the pair (and the super-resolution model against it), loads checkpoints (missing files are Errors naming them), hashes
// them and moves the networks to `device` ("cpu", "cuda", "cuda:N").
std::shared_ptr<const GenerationModels> load_generation_models(const ModelSources& sources,
                                                                const std::string& device);

}  // namespace ivid::pipeline

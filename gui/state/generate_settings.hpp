// What the Generate panel remembers between runs: where the models come from, the seed, the
// viewset, the class, each model's sampler settings, the super-resolution stage (on/off, sampler,
// mode), and where scenes are saved. Plain values (names, numbers), so the settings file reads
// and writes them in builds without the LibTorch engine too; the panel turns them into a
// pipeline::GenerationRequest.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/util/enum_names.hpp"
#include "core/util/json_fields.hpp"

namespace ivid {

enum class ModelSourceKind {
    DefaultPack,  // assets/models/default
    PackFolder,   // a pack.json folder chosen by the user
    Files,        // config + checkpoint of each model, one by one
};
inline constexpr EnumName<ModelSourceKind> kModelSourceNames[] = {
    {ModelSourceKind::DefaultPack, "default"}, {ModelSourceKind::PackFolder, "folder"}, {ModelSourceKind::Files, "files"}};
ModelSourceKind parse_model_source(const std::string& name);
std::string model_source_name(ModelSourceKind kind);

// One model's sampler: a sampler name as pipeline's parse_sampler_kind reads it, steps,
// classifier-free guidance strength.
struct GenerateSamplerSettings {
    std::string sampler;
    int steps = 0;
    float guidance = 3.0f;
    bool clip_denoised = false;  // clamp each step's x0 to [-1, 1]
    float eta = 0.0f;            // DDIM noise: 0 deterministic, 1 DDPM-like
    float start_strength = 1.0f; // super-resolution: start at this fraction of T from the noised
                                 // bicubic upsampling (1: from pure noise, as IVID)
};

struct GenerateSettings {
    ModelSourceKind source = ModelSourceKind::DefaultPack;
    std::filesystem::path pack_dir;
    std::filesystem::path unconditional_config, unconditional_checkpoint;
    std::filesystem::path conditional_config, conditional_checkpoint;
    uint64_t seed = 0;
    std::string viewset = "3x9";
    int class_id = -1;  // -1: IVID's default (seed % classes)
    // IVID's sample.py defaults (pipeline::ivid_default_settings).
    GenerateSamplerSettings unconditional{"ddpm", 1000, 3.0f};
    GenerateSamplerSettings conditional{"ddim", 50, 3.0f};
    // The super-resolution stage, run when the models include an SR model (a pack naming a
    // "super_resolution" model): whether to run it, its sampler (IVID's SuperResTrainer.sample:
    // DDIM 50, guidance 3, unless the pack suggests others) and its mode, "independent" or
    // "consistent" (pipeline::parse_upscale_mode).
    bool super_resolution = true;
    GenerateSamplerSettings super_resolution_sampler{"ddim", 50, 3.0f};
    std::string super_resolution_mode = "independent";
    // The pack whose suggested sampler settings and viewset the fields above were given: a
    // newly chosen (or newly shipped) pack's suggestions are adopted once, later edits are kept.
    std::string sampler_source;
    std::filesystem::path save_dir = "generated_scene";  // the "Save scene" field
};

// --generate: a generation started at launch with the Generate panel's settings, these changed.
struct GenerateLaunch {
    std::optional<std::filesystem::path> pack;  // a pack folder instead of the remembered models
    std::optional<uint64_t> seed;
    std::optional<int> steps;                   // sampler steps of both models
    std::optional<std::string> viewset;
    std::optional<std::filesystem::path> save;  // the finished scene is saved there

    // Idempotent: applied at launch (to pick the models) and again after the Generate panel has
    // adopted the pack's suggestions, so the launch's steps and viewset win.
    void apply(GenerateSettings& settings) const;
};

// {"source": "default", "pack": "", "unconditional_config": "", "unconditional_checkpoint": "",
//  "conditional_config": "", "conditional_checkpoint": "", "seed": 0, "viewset": "3x9",
//  "class": -1, "unconditional": {"sampler", "steps", "guidance", "clip_denoised", "eta"},
//  "conditional": {...}, "super_resolution": {"on": true, "mode": "independent", "sampler", ...},
//  "sampler_source": "", "save_to": "generated_scene"}
nlohmann::json generate_settings_to_json(const GenerateSettings& settings);
// Missing keys keep their defaults; wrong types and values out of range are Errors naming the
// file and key.
void read_generate_settings(const JsonAt& json, GenerateSettings& settings);

}  // namespace ivid

// Which networks generate scenes: the unconditional model (first view), the conditional model
// (every further view) and optionally a super-resolution model (upsamples every view), either
// named file by file or as a model pack folder:
//   DIR/pack.json = {"version": 1, "name": "...",
//     "unconditional": {"config": "uncond.json", "checkpoint": "uncond.pt"},
//     "conditional":   {"config": "cond.json",   "checkpoint": "cond.pt"},
//     "super_resolution": {"config": "sr.json", "checkpoint": "sr.pt"},   (optional)
//     "defaults": {"viewset": "3x9", "unconditional": {sampler settings}, "conditional": {...},
//                  "super_resolution": {sampler settings, "back_projection": 0..1},
//                  "aggregation": {"atol": 0.03, "rtol": 0.03, "erode_rgb": 3},
//                  "corrections": {"replace_rgb": 0.1, "replace_depth": 0.2, "constrain_depth": 0.5}},
//     "training": {...}}   (optional, free-form: how `ivid pack` found the models trained)
// with paths relative to DIR and sampler settings as sampler_settings_from_json reads them.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/diffusion/sampler_settings.hpp"
#include "core/pipeline/correction_weights.hpp"
#include "core/raster/aggregate.hpp"
#include "core/util/json_fields.hpp"

namespace ivid::pipeline {

struct ModelFiles {
    std::filesystem::path config;      // IVID model config (configs/*.json)
    std::filesystem::path checkpoint;  // torch.save state dict (.pt)
    std::filesystem::path pack_dir;    // the pack folder they come from; empty for files given one by one

    // The paths to record in a scene's provenance: relative to the pack, else as the user gave
    // them, never the absolute paths of the machine the scene was made on.
    std::string recorded_config() const;
    std::string recorded_checkpoint() const;
};

struct ModelSources {
    std::string name;  // pack name, or "custom" for files given one by one
    ModelFiles unconditional, conditional;
    std::optional<ModelFiles> super_resolution;  // upsamples every view after the scene is made
};

struct ModelPack {
    std::filesystem::path dir;
    ModelSources models;
    std::string viewset = "3x9";
    diffusion::SamplerSettings unconditional, conditional;  // the pack's suggested settings
    diffusion::SamplerSettings super_resolution;           // when the pack has an SR model
    double super_resolution_back_projection = 0.0;         // UpscaleSettings::back_projection (0: IVID)
    // How a finished view conditions the next: depth-edge tolerances and colour erosion (IVID's
    // unless the pack says otherwise: a small model's depth is noisier than MiDaS's).
    AggregateSettings aggregation;
    CorrectionWeights corrections;  // the x0 corrections of conditional views (IVID's unless set)
};

// Reads {"atol", "rtol", "erode_rgb"} on top of `base`; Errors name the file and key.
AggregateSettings aggregation_tolerances_from_json(const JsonAt& at, AggregateSettings base);
nlohmann::json aggregation_tolerances_to_json(const AggregateSettings& settings);

// Reads DIR/pack.json. Errors name the file and key (missing keys, wrong types, unknown keys,
// unsupported version, files that do not exist).
ModelPack load_model_pack(const std::filesystem::path& dir);

// The bundled pack's folder (assets/models/default), looked up like every asset.
inline constexpr const char* kDefaultModelPack = "models/default";
// The default pack, or an Error naming every pack.json location that was tried.
ModelPack load_default_model_pack();

// IVID's own defaults (sample.py): unconditional 1000 steps (DDPM), conditional DDIM 50 steps,
// guidance 3.
diffusion::SamplerSettings ivid_default_settings(bool conditional);
// IVID's SuperResTrainer.sample: DDIM 50 steps, guidance 3.
diffusion::SamplerSettings ivid_default_superres_settings();

}  // namespace ivid::pipeline

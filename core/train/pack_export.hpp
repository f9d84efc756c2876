// `ivid pack`: a model pack folder (pack.json, configs, EMA checkpoints) made from an
// unconditional and a conditional training run, and optionally a super-resolution run, with how
// they were trained recorded in pack.json's "training" block.
#pragma once

#include <filesystem>
#include <optional>
#include <string>

#include "core/diffusion/sampler_settings.hpp"
#include "core/pipeline/correction_weights.hpp"
#include "core/raster/aggregate.hpp"

namespace ivid::train {

struct PackExport {
    std::filesystem::path unconditional_run, conditional_run;  // `ivid train` run folders
    std::filesystem::path out;
    std::string name;
    std::string viewset = "3x9";
    diffusion::SamplerSettings unconditional, conditional;     // the pack's suggested settings
    AggregateSettings aggregation;                             // its edge tolerances and erosion
    pipeline::CorrectionWeights corrections;                   // and x0 corrections
    std::optional<std::filesystem::path> superres_run;         // `ivid train sr` run folder
    diffusion::SamplerSettings super_resolution;               // its suggested settings
    double super_resolution_back_projection = 0.0;
    bool overwrite = false;
};

// Takes each run's latest EMA checkpoint (first EMA rate) and config. Errors name the run: no
// checkpoint yet, a run of the wrong role, a pair that cannot generate together (channels, image
// size, classes; an SR model that does not fit the base models' size). The folder is written
// atomically; an existing one needs `overwrite`.
void export_model_pack(const PackExport& request);

}  // namespace ivid::train

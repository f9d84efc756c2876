// How the super-resolution stage runs (torch-free, for the GUI and the CLI): sampler settings,
// the mode (see super_resolution.hpp) and batching.
#pragma once

#include <cstdint>
#include <string>

#include "core/diffusion/sampler_settings.hpp"
#include "core/pipeline/model_pack.hpp"
#include "core/raster/aggregate.hpp"
#include "core/util/enum_names.hpp"

namespace ivid::pipeline {

enum class UpscaleMode { Independent, Consistent };
inline constexpr EnumName<UpscaleMode> kUpscaleModeNames[] = {{UpscaleMode::Independent, "independent"},
                                                              {UpscaleMode::Consistent, "consistent"}};
// "independent" or "consistent"; anything else is an Error naming `source`.
UpscaleMode parse_upscale_mode(const std::string& name, const std::string& source);
std::string upscale_mode_name(UpscaleMode mode);

struct UpscaleSettings {
    diffusion::SamplerSettings sampler = ivid_default_superres_settings();
    UpscaleMode mode = UpscaleMode::Independent;
    int batch_size = 4;            // views upsampled together (independent mode)
    float consistency_weight = 1.0f;  // consistent mode: replace_rgb and replace_depth weight
    float back_projection = 0.0f;     // x0 pulled onto the low-res view each step (0: none, as IVID;
                                      // 1: its box average is the view; diffusion::BackProjection)
    AggregateSettings aggregation;    // consistent mode: how upsampled views are warped into the next
};

// Sampler steps the stage runs for a scene of `views` views (one batch of views per step).
int64_t super_resolution_steps(const UpscaleSettings& settings, int views);

}  // namespace ivid::pipeline

#include "core/pipeline/upscale_settings.hpp"

#include <algorithm>

#include "core/util/error.hpp"

namespace ivid::pipeline {

UpscaleMode parse_upscale_mode(const std::string& name, const std::string& source) {
    return parse_enum(kUpscaleModeNames, name, source, "super-resolution mode");
}

std::string upscale_mode_name(UpscaleMode mode) { return enum_name(kUpscaleModeNames, mode); }

int64_t super_resolution_steps(const UpscaleSettings& settings, int views) {
    const int64_t per_call = settings.mode == UpscaleMode::Consistent ? 1 : std::max(1, settings.batch_size);
    return int64_t(settings.sampler.steps) * ((int64_t(views) + per_call - 1) / per_call);
}

}  // namespace ivid::pipeline

// The depth-aware speed flags of the commands that view scenes (`ivid render`, `ivid bench render`,
// `ivid eval-views`): --max-detail and --merge-planar (FusionRenderSettings).
#pragma once

#include "app/cli/args.hpp"
#include "render/fusion_settings.hpp"

namespace ivid::cli {

// Declares --max-detail D and --merge-planar on|off (no defaults: unset keeps the settings').
void add_render_speed_options(ArgParser& args);
// Sets the fields of the flags given.
void apply_render_speed_options(const ArgParser& args, FusionRenderSettings& settings);

}  // namespace ivid::cli

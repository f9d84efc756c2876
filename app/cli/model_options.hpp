// The model options `ivid generate` and `ivid eval` share: a model pack (--models DIR, or the
// default pack) or the four config/checkpoint files, and overrides of the pack's sampler settings.
#pragma once

#include <string>

#include "app/cli/args.hpp"
#include "core/pipeline/model_pack.hpp"
#include "core/pipeline/upscale_settings.hpp"

namespace ivid::cli {

// Declares --models, --uncond-config/--uncond-ckpt/--cond-config/--cond-ckpt, --steps-uncond,
// --steps-cond, --guidance, --eta, --clip, --atol, --rtol, --erode-rgb, --replace-rgb, --replace-depth, --constrain-depth, --sampler, --sampler-uncond, --sampler-cond, --device, --threads.
void add_model_options(ArgParser& args);

// The pack the options name, with the sampler overrides applied. Mixing --models with the files,
// or giving only some of the four files, is a UsageError naming `command`.
pipeline::ModelPack selected_model_pack(const ArgParser& args, const std::string& command);

// The super-resolution options of `ivid generate` and `ivid upscale`: --sr-config/--sr-ckpt (an
// SR model instead of the pack's), --steps-sr, --sampler-sr, --guidance-sr, --clip-sr, --eta-sr,
// --sr-mode, --sr-batch.
void add_superres_options(ArgParser& args);
// Puts the SR model the options name into `pack` (both files or neither: UsageError naming
// `command`) and returns the stage's settings: the pack's, with the options applied.
pipeline::UpscaleSettings selected_upscale_settings(const ArgParser& args, pipeline::ModelPack& pack,
                                                    const std::string& command);

}  // namespace ivid::cli

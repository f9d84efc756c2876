// The --threads flag of the commands that run the diffusion engine (generate, upscale, eval,
// train, bench unet/sample): LibTorch's CPU thread count, 0 for the engine's own choice.
#pragma once

#include "app/cli/args.hpp"

namespace ivid::cli {

// Declares --threads N (default 0: nn::set_compute_threads's choice, core/util/usable_cores.hpp).
void add_compute_threads_option(ArgParser& args);

}  // namespace ivid::cli

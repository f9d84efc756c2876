// The meshing flags of the commands that view scenes (`ivid render`, `ivid bench render`,
// `ivid eval-views`): IVID render.py's --atol, --rtol, --erode_rgb.
#pragma once

#include "app/cli/args.hpp"
#include "core/scene/scene_meshing.hpp"

namespace ivid::cli {

// Declares --atol, --rtol and --erode-rgb.
void add_meshing_options(ArgParser& args);
// The scene's recorded meshing (else IVID's), with the flags given applied.
MeshingTolerances selected_meshing(const ArgParser& args, const Scene& scene);

}  // namespace ivid::cli

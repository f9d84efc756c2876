// The camera-trajectory flags shared by `ivid render` and `ivid export --format glb`:
// --traj swing|orbit|random|FILE.json, --traj-seed, --frames, --radius, --pitch.
#pragma once

#include <optional>
#include <string>

#include "app/cli/args.hpp"
#include "core/geometry/trajectory.hpp"
#include "core/scene/scene.hpp"

namespace ivid::cli {

// Declares the flags; `default_traj` "" leaves --traj optional with no default.
void add_trajectory_options(ArgParser& args, const std::string& default_traj);

// The trajectory the flags name, validated (UsageError naming the flag otherwise); its random_seed
// is left to trajectory_seed, which needs the scene. With a `base` (a --settings file's), only
// the flags given replace its fields.
TrajectorySpec trajectory_from_flags(const ArgParser& args, const std::string& command,
                                     const std::optional<TrajectorySpec>& base = std::nullopt);
// The seed of --traj random: --traj-seed, else the scene's seed, else 0.
uint64_t trajectory_seed(const ArgParser& args, const Scene& scene);

}  // namespace ivid::cli

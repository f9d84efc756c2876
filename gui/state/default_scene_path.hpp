// Where the studio finds its default scene: assets/scenes/default, looked up in the order of
// core/util/asset_paths.hpp (an installed studio never reads a source checkout).
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

namespace ivid {

// Candidate folders for the default scene, in the order they are tried.
std::vector<std::filesystem::path> default_scene_candidates();
// The first candidate that exists.
std::optional<std::filesystem::path> default_scene_dir();

}  // namespace ivid

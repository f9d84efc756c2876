// Where the studio finds its bundled assets (the default scene): the source tree when run from
// a build, else the installed share/ivid-studio/assets (next to the executable's prefix, then
// the configured install prefix).
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

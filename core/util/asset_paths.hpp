// Where the programs find their bundled assets (default scene, model pack, class names): the
// source tree when run from a build, else the installed share/ivid-studio/assets (next to the
// executable's prefix, then the configured install prefix).
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

namespace ivid {

// Candidate paths of `relative` (e.g. "models/default/pack.json"), in the order they are tried.
std::vector<std::filesystem::path> asset_candidates(const std::filesystem::path& relative);
// The first candidate that exists.
std::optional<std::filesystem::path> find_asset(const std::filesystem::path& relative);

}  // namespace ivid

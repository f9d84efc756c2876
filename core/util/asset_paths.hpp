// Where the programs find their bundled assets (default scene, model pack, class names):
//   1. $IVID_ASSETS_DIR, when set (an explicit override),
//   2. the source tree's assets/, only for programs run from the build tree they were built in,
//   3. share/ivid-studio/assets next to the executable's prefix (a package installed anywhere),
//   4. the configured install prefix's share/ivid-studio/assets.
// An installed program never reads a source checkout that happens to exist on the machine.
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

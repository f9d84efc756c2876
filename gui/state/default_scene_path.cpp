#include "gui/state/default_scene_path.hpp"

#include <system_error>

#include "core/util/asset_paths.hpp"

namespace fs = std::filesystem;

namespace ivid {

std::vector<fs::path> default_scene_candidates() { return asset_candidates(fs::path("scenes") / "default"); }

std::optional<fs::path> default_scene_dir() {
    for (const fs::path& candidate : default_scene_candidates()) {
        std::error_code error;
        if (fs::is_directory(candidate, error)) return candidate;
    }
    return std::nullopt;
}

}  // namespace ivid

#include "gui/studio/asset_paths.hpp"

#include <system_error>

namespace fs = std::filesystem;

namespace ivid {

std::vector<fs::path> default_scene_candidates() {
    const fs::path scene = fs::path("scenes") / "default";
    std::vector<fs::path> candidates{fs::path(IVID_SOURCE_ASSETS_DIR) / scene};
    // A package may be installed under another prefix than the one configured (CPack: /usr).
    std::error_code error;
    const fs::path executable = fs::read_symlink("/proc/self/exe", error);
    if (!error)
        candidates.push_back(executable.parent_path().parent_path() / "share" / "ivid-studio" /
                             "assets" / scene);
    candidates.push_back(fs::path(IVID_INSTALL_ASSETS_DIR) / scene);
    return candidates;
}

std::optional<fs::path> default_scene_dir() {
    for (const fs::path& candidate : default_scene_candidates()) {
        std::error_code error;
        if (fs::is_directory(candidate, error)) return candidate;
    }
    return std::nullopt;
}

}  // namespace ivid

#include "core/util/asset_paths.hpp"

#include <cstdlib>
#include <system_error>

namespace fs = std::filesystem;

namespace ivid {
namespace {

// Whether `path` lies inside `folder` (both made absolute and normal).
bool inside(const fs::path& path, const fs::path& folder) {
    const fs::path relative = path.lexically_normal().lexically_relative(folder.lexically_normal());
    return !relative.empty() && *relative.begin() != "..";
}

}  // namespace

std::vector<fs::path> asset_candidates(const fs::path& relative) {
    std::vector<fs::path> candidates;
    if (const char* dir = std::getenv("IVID_ASSETS_DIR"); dir && *dir) candidates.push_back(fs::path(dir) / relative);
    std::error_code error;
    const fs::path executable = fs::read_symlink("/proc/self/exe", error);
    if (!error && inside(executable, IVID_BUILD_DIR)) candidates.push_back(fs::path(IVID_SOURCE_ASSETS_DIR) / relative);
    // A package may be installed under another prefix than the one configured (CPack: /usr).
    if (!error)
        candidates.push_back(executable.parent_path().parent_path() / "share" / "ivid-studio" / "assets" / relative);
    candidates.push_back(fs::path(IVID_INSTALL_ASSETS_DIR) / relative);
    return candidates;
}

std::optional<fs::path> find_asset(const fs::path& relative) {
    for (const fs::path& candidate : asset_candidates(relative)) {
        std::error_code error;
        if (fs::exists(candidate, error)) return candidate;
    }
    return std::nullopt;
}

}  // namespace ivid

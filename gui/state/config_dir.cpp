#include "gui/state/config_dir.hpp"

#include <cstdlib>

#include "core/util/error.hpp"

namespace fs = std::filesystem;

namespace ivid {

fs::path studio_config_dir() {
    // The spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
    const char* xdg = std::getenv("XDG_CONFIG_HOME");
    if (xdg != nullptr && fs::path(xdg).is_absolute()) return fs::path(xdg) / "ivid-studio";
    const char* home = std::getenv("HOME");
    if (home != nullptr && *home != '\0') return fs::path(home) / ".config" / "ivid-studio";
    throw Error::at("environment", "XDG_CONFIG_HOME or HOME", "an absolute folder", "neither is set");
}

fs::path studio_settings_file(const fs::path& config_dir) { return config_dir / "settings.json"; }

fs::path studio_layout_file(const fs::path& config_dir) { return config_dir / "imgui.ini"; }

}  // namespace ivid

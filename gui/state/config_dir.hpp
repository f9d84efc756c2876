// Where the studio keeps its per-user state (XDG Base Directory spec): $XDG_CONFIG_HOME/ivid-studio
// when XDG_CONFIG_HOME is set to an absolute path, else $HOME/.config/ivid-studio. It holds
// settings.json (studio_settings.hpp) and ImGui's panel layout, imgui.ini.
#pragma once

#include <filesystem>

namespace ivid {

// Throws Error when neither XDG_CONFIG_HOME (absolute) nor HOME is set. Does not create it.
std::filesystem::path studio_config_dir();

std::filesystem::path studio_settings_file(const std::filesystem::path& config_dir);
std::filesystem::path studio_layout_file(const std::filesystem::path& config_dir);

}  // namespace ivid

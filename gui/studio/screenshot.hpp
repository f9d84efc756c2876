// Screenshots of the studio window (F12 and scripted --screenshot): the window's back buffer
// as drawn this frame, panels included, written as PNG (atomically).
#pragma once

#include <filesystem>

namespace ivid {

// A new file name in `dir` (the current folder when empty): ivid-studio-YYYYMMDD-HHMMSS.png,
// with -2, -3, ... appended when that name is taken.
std::filesystem::path next_screenshot_path(const std::filesystem::path& dir);

// Reads the bound window's back buffer (width x height) and writes it; throws Error naming the
// file when it cannot be written.
void save_window_screenshot(const std::filesystem::path& file, int width, int height);

}  // namespace ivid

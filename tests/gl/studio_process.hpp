// Running ivid-studio as a child process in the studio tests: a private config folder (so the
// user's settings never leak into a test, and the test's never into the user's), captured
// stderr, and image comparisons of its screenshots.
#pragma once

#include <filesystem>
#include <string>

#include "core/image/image.hpp"

namespace ivid::test {

// Points XDG_CONFIG_HOME at `config_home` for this process and its children.
void use_config_home(const std::filesystem::path& config_home);

// Runs `IVID_STUDIO_EXE arguments` through the shell with stderr to `stderr_file`; returns the
// exit status (-1 when it did not exit normally).
int run_studio(const std::string& arguments, const std::filesystem::path& stderr_file);

// The shell command line that runs the studio with `arguments`.
std::string studio_command(const std::string& arguments);

// "path" in double quotes, for shell command lines.
std::string quoted(const std::filesystem::path& path);

// Number of distinct RGB values (a blank window has one).
size_t distinct_colors(const ImageU8& image);

// Mean absolute difference per channel in [0, 255] over the rectangle [x0, x1) x [y0, y1) of
// two RGB images of the same size.
double mean_abs_difference(const ImageU8& a, const ImageU8& b, int x0, int y0, int x1, int y1);

}  // namespace ivid::test

// The check made before opening any file a user names. Only regular files are opened: a FIFO or a
// device would block the read forever (and Ctrl-C with it), and a folder reads as an empty file,
// which then surfaces as a misleading "empty" or "malformed" error.
#pragma once

#include <filesystem>

namespace ivid {

// Throws Error "<path>: file not found", or "<path>: cannot open: <why>" when `path` is a folder,
// a FIFO, a socket or a device, or not readable by this user. Symlinks are followed (a loop is reported as such).
void require_input_file(const std::filesystem::path& path);

}  // namespace ivid

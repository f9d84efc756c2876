// The Inspector's "save buffer": the shown source's (a view's, or the fused frame's) colour as PNG
// and its depth as OpenEXR "Z" (float32, exact) and 16-bit PNG millimetres, the files compositors
// and RGB-D tools read (export_conventions.hpp).
#pragma once

#include <filesystem>
#include <vector>

#include "gui/state/studio_state.hpp"

namespace ivid {

// Writes STEM.png (colour), STEM.exr (z-depth) and STEM_mm.png (millimetres) of view `source`, or
// of the last fused frame when `source` is -1; returns the files written. Refuses before writing
// anything when one exists and not `overwrite`, the folder is unwritable or a depth is beyond the
// millimetre range (Error naming the path or value); each file is written atomically.
std::vector<std::filesystem::path> save_source_buffers(const StudioState& state, int source,
                                                       const std::filesystem::path& stem, bool overwrite);

}  // namespace ivid

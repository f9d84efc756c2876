// Depth as OpenEXR with a single float32 channel named "Z", the name compositors (Nuke, Blender's
// compositor, DJV) look for depth under. Values are z-depth in scene units (export_conventions.hpp);
// 0 where there is no depth. Written with the OpenEXR library (ZIP compression, lossless), read
// back bit-exact.
#pragma once

#include <filesystem>

#include "core/image/image.hpp"

namespace ivid {

// Atomic; `depth` must have one channel.
void write_exr_z(const std::filesystem::path& path, const Image& depth);

// The "Z" channel of an OpenEXR file as float; Error naming the file when it is missing,
// unreadable or not a float channel.
Image read_exr_z(const std::filesystem::path& path);

}  // namespace ivid

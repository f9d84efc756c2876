// Depth as files compositors and reconstruction tools read without guessing a colour map:
// OpenEXR with a float32 "Z" channel (exact) and 16-bit PNG millimetres (nerfstudio, Open3D,
// most RGB-D tools). Both hold z-depth in scene units (export_conventions.hpp); 0 = no depth.
#pragma once

#include <cstdint>
#include <filesystem>

#include "core/image/image.hpp"
#include "core/scene/scene.hpp"

namespace ivid {

// Rounded millimetres; Error when a depth exceeds the 16-bit range (65.535 units).
ImageT<uint16_t> depth_millimetres(const Image& depth);

struct FloatDepthSummary {
    int files = 0;
    float min_depth = 0.0f, max_depth = 0.0f;  // over every positive depth written
};

// view_000.exr (Z) and view_000_mm.png (16-bit) for every view, in a folder written atomically.
FloatDepthSummary write_view_depths(const Scene& scene, const std::filesystem::path& folder, bool overwrite);

}  // namespace ivid

// The views' surfaces as one point cloud: binary little-endian PLY with x y z, nx ny nz (unit,
// facing the camera that saw the point) and 8-bit sRGB red green blue; what Blender, MeshLab,
// CloudCompare, Open3D and nerfstudio's `ply_file_path` read.
#pragma once

#include <vector>

#include "core/export/ply_writer.hpp"
#include "core/export/view_surface.hpp"

namespace ivid {

PlyVertexTable point_cloud_table(const std::vector<ViewSurface>& surfaces);

}  // namespace ivid

// The full-detail view mesh with fewer triangles: square blocks of grid cells whose vertices lie
// within a relative tolerance of one plane are drawn as a few large triangles over the same
// vertices. A software rasteriser's cost is triangles, so on the smooth surfaces that make up
// most of a view this is most of a frame (README, "Speed").
#pragma once

#include <vector>

#include <glm/glm.hpp>

#include "core/geometry/rgbd_mesh.hpp"

namespace ivid {

// Largest block merged, in grid cells a side (a power of two).
constexpr int kPlanarMergeMaxBlock = 16;

// The faces of `mesh` (a depth_to_mesh grid with its modelview) with planar blocks merged. A
// block of s x s cells (s a power of two, 2..kPlanarMergeMaxBlock) is merged when every vertex
// carries the same flags, its normals (if any) lie within `max_normal_angle` radians of their
// mean, and its depths (from the source camera) lie within `tolerance` (relative) of a plane:
// a plane's inverse depth is affine in the pixel coordinates, fitted by least squares. Other
// blocks split into quarters down to the mesh's own two faces per cell. A merged block is two
// triangles over its corners (append_quad_split's rule) when its neighbours are no finer, else
// a fan from its centre vertex through every corner of a neighbouring block on its edges: no
// T-junction, so no crack. Winding follows the mesh's own faces (back-face culling holds).
std::vector<glm::ivec3> planar_merged_faces(const RgbdMesh& mesh, float tolerance, float max_normal_angle);

}  // namespace ivid

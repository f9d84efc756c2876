// The views' surfaces as 3D Gaussian Splatting points, in the PLY layout of the reference
// implementation (graphdeco-inria/gaussian-splatting): x y z nx ny nz f_dc_0..2 f_rest_0..44
// opacity scale_0..2 rot_0..3, all float, stored before activation as 3DGS stores them: opacity
// as a logit, scales as natural logs, the rotation as a w-first quaternion (normalised by readers),
// f_dc = (rgb - 0.5) / C0 with C0 = 0.28209479 (degree-0 spherical harmonic; rgb the 8-bit sRGB
// value / 255, as 3DGS trains on sRGB images), f_rest (view-dependent colour) zero.
//
// One splat per surface pixel: a flat disc in the surface's plane (its local z axis along the
// normal) whose in-plane standard deviation is half the pixel's footprint at its depth, stretched
// by the slant of the surface, so neighbouring splats cover the surface without holes.
#pragma once

#include <vector>

#include "core/export/ply_writer.hpp"
#include "core/export/view_surface.hpp"

namespace ivid {

inline constexpr double kShC0 = 0.28209479177387814;
inline constexpr int kShRestCoefficients = 45;  // degree 3: 15 per colour channel
inline constexpr float kSplatOpacity = 0.98f;

PlyVertexTable gaussian_splat_table(const std::vector<ViewSurface>& surfaces, float fov_deg, int image_size);

}  // namespace ivid

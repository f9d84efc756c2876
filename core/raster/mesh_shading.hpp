// What IVID's two renderers share around the rasteriser: mesh/texture validation, the texture
// lookup of their fragment shaders and the per-vertex flag bits of their vertex shaders.
#pragma once

#include <string>

#include <glm/glm.hpp>

#include "core/geometry/rgbd_mesh.hpp"
#include "core/image/image.hpp"

namespace ivid {

// Throws Error (naming `who`) unless every per-vertex array matches the positions, normals are
// present when required and the texture is a non-empty RGB image. (Face indices are checked by
// the rasteriser.)
void validate_mesh_and_texture(const RgbdMesh& mesh, const Image& texture, bool needs_normals,
                               const std::string& who);

// Throws Error (naming `who`) unless render_size > 0 and 0 < near < far.
void validate_render_settings(int render_size, float near, float far, const std::string& who);

// GL NEAREST lookup with clamp-to-edge; v indexes rows top-first (the texture is uploaded with
// image row 0 first, as IVID does).
glm::vec3 sample_nearest(const Image& texture, float u, float v);

// The vertex shaders' mod(floor(flag / 2^bit), 2) as a float, ready for interpolation.
float flag_bit(int32_t flag, int bit);

}  // namespace ivid

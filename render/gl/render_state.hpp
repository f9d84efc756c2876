// The fixed-function state the mesh renderers share.
#pragma once

namespace ivid::gl {

// Depth test LESS with depth writes, no blending, counter-clockwise front faces (IVID's meshes
// are CCW seen from their source camera) and back faces culled when `cull_back_faces`.
void use_depth_tested_meshes(bool cull_back_faces);

}  // namespace ivid::gl

// The one rule that turns a quad of four neighbouring grid vertices into two triangles: split
// along the shorter diagonal, as IVID's depth_to_mesh does. The full-resolution mesh
// (rgbd_mesh.cpp) and the viewer's coarser levels of detail (render/scene_gpu.cpp) share it,
// so a coarse block folds the way the cells it stands for do.
#pragma once

#include <vector>

#include <glm/glm.hpp>

namespace ivid {

// Vertex indices of a quad's corners: tl-tr is its upper row, bl-br its lower one.
struct QuadCorners {
    int tl, tr, bl, br;
};

// Appends the quad's two triangles in IVID's order and winding: (tr, tl, br), (bl, br, tl) when
// the tl-br diagonal is the shorter one, else (tr, tl, bl), (bl, br, tr) (ties split along tr-bl).
// The caller measures the diagonals, so each keeps its own precision (the mesh matches numpy's
// float64 norm bit for bit).
void append_quad_split(std::vector<glm::ivec3>& faces, const QuadCorners& quad, double tl_br_length,
                       double tr_bl_length);

}  // namespace ivid

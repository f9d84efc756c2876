// Draws the view meshes of a SceneGpu into the bound framebuffer for one camera: textured,
// depth-tested, back faces culled, discontinuity-flagged fragments discarded. A plain viewer of
// the scene's geometry (no IVID aggregation weights: overlapping views simply occlude).
#pragma once

#include <glm/glm.hpp>

#include "render/gl/shader_program.hpp"
#include "render/scene_gpu.hpp"

namespace ivid {

class MeshViewRenderer {
public:
    // glPolygonOffset per rank of a view in the nearest-camera-first order (see draw()).
    static constexpr float kSlopeBiasPerRank = 1.0f;
    static constexpr float kDepthUnitsPerRank = 4.0f;

    // Needs a current GL context (compiles mesh_view.vert/.frag).
    MeshViewRenderer();

    // view: world->camera; projection: camera->clip. Leaves clearing to the caller. Views
    // whose cameras are nearer the viewer take precedence where views overlap.
    void draw(const SceneGpu& scene, const glm::mat4& view, const glm::mat4& projection) const;
    void draw_view(const ViewMeshGpu& mesh, const glm::mat4& view,
                   const glm::mat4& projection) const;

private:
    gl::ShaderProgram program_;
};

}  // namespace ivid

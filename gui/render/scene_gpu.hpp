// A scene on the GPU: every view as a static textured triangle mesh in world space, meshed with
// ivid::depth_to_mesh like IVID does for display (no padding ring, discontinuity flags with
// atol = rtol = 0.03) and its colour image as a texture.
#pragma once

#include <vector>

#include <glm/glm.hpp>

#include "core/geometry/rgbd_mesh.hpp"
#include "core/scene/scene.hpp"
#include "gui/gl/buffer.hpp"
#include "gui/gl/texture.hpp"

namespace ivid {

// One vertex as the mesh shaders read it (locations 0, 1, 2).
struct MeshVertex {
    glm::vec3 position;
    glm::vec2 uv;
    float flag;  // VertexFlag bits as a float, interpolated by the rasteriser
};

struct ViewMeshGpu {
    gl::Buffer vertices;
    gl::Buffer indices;
    gl::VertexArray vertex_array;
    GLsizei index_count = 0;
    gl::Texture2D color;
    glm::mat4 modelview{1.0f};  // world->camera of the source view
};

// The meshing the viewer uses for a scene of field of view `fov_deg`.
MeshOptions viewer_mesh_options(float fov_deg);

// Interleaved vertices and flat triangle indices of a mesh, ready for upload.
std::vector<MeshVertex> mesh_vertices(const RgbdMesh& mesh);
std::vector<GLuint> mesh_indices(const RgbdMesh& mesh);

class SceneGpu {
public:
    // Needs a current GL context.
    explicit SceneGpu(const Scene& scene);

    const std::vector<ViewMeshGpu>& views() const { return views_; }

private:
    std::vector<ViewMeshGpu> views_;
};

}  // namespace ivid

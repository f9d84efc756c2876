// A scene on the GPU: every view as a static textured triangle mesh in world space (made with
// ivid::depth_to_mesh) and its colour image as a texture. Two meshings are in use: the plain
// viewer's (no padding ring, discontinuity flags with atol = rtol = 0.03) and IVID's load_scene
// one that the fusion renderer needs (numeric padding 32, erosion 3, normals).
#pragma once

#include <vector>

#include <glm/glm.hpp>

#include "core/geometry/rgbd_mesh.hpp"
#include "core/scene/scene.hpp"
#include "gui/gl/buffer.hpp"
#include "gui/gl/texture.hpp"

namespace ivid {

// One vertex as the mesh shaders read it (locations 0, 1, 2, 3).
struct MeshVertex {
    glm::vec3 position;
    glm::vec2 uv;
    float flag;        // VertexFlag bits as a float, interpolated by the rasteriser
    glm::vec3 normal;  // world space; zero when the meshing computes no normals
};

struct ViewMeshGpu {
    gl::Buffer vertices;
    gl::Buffer indices;
    gl::VertexArray vertex_array;
    GLsizei index_count = 0;
    // The first confident_index_count indices are the triangles without a discontinuity or
    // padding vertex (the surface this view is sure of); the rest follow.
    GLsizei confident_index_count = 0;
    gl::Texture2D color;
    glm::mat4 modelview{1.0f};  // world->camera of the source view
    glm::vec3 bounds_min{0.0f};  // world-space bounding box of the vertices
    glm::vec3 bounds_max{0.0f};
};

// The meshing the viewer uses for a scene of field of view `fov_deg`.
MeshOptions viewer_mesh_options(float fov_deg);
// IVID's load_scene meshing (render.py): numeric padding 32, atol = rtol = 0.03, erode_rgb 3,
// normals.
MeshOptions load_scene_mesh_options(float fov_deg);

// Interleaved vertices and flat triangle indices of a mesh, ready for upload; the indices list
// the confident triangles (see ViewMeshGpu) first, each group in the mesh's face order.
struct MeshIndices {
    std::vector<GLuint> indices;
    GLsizei confident_count = 0;
};
std::vector<MeshVertex> mesh_vertices(const RgbdMesh& mesh);
MeshIndices mesh_indices(const RgbdMesh& mesh);

class SceneGpu {
public:
    // Needs a current GL context. The first form uses viewer_mesh_options(scene.fov_deg).
    explicit SceneGpu(const Scene& scene);
    SceneGpu(const Scene& scene, const MeshOptions& options);

    const std::vector<ViewMeshGpu>& views() const { return views_; }

private:
    std::vector<ViewMeshGpu> views_;
};

}  // namespace ivid

// A scene on the GPU: every view as a static textured triangle mesh in world space (made with
// ivid::depth_to_mesh) and its colour image as a texture. Two meshings are in use: the plain
// viewer's (no padding ring, discontinuity flags with atol = rtol = 0.03) and IVID's load_scene
// one that the fusion renderer needs (numeric padding 32, erosion 3, normals).
#pragma once

#include <vector>

#include <glm/glm.hpp>

#include "core/geometry/rgbd_mesh.hpp"
#include "core/scene/scene.hpp"
#include "core/scene/scene_meshing.hpp"
#include "render/gl/buffer.hpp"
#include "render/gl/texture.hpp"

namespace ivid {

// One vertex as the mesh shaders read it (locations 0, 1, 2, 3).
struct MeshVertex {
    glm::vec3 position;
    glm::vec2 uv;
    float flag;        // VertexFlag bits as a float, interpolated by the rasteriser
    glm::vec3 normal;  // world space; zero when the meshing computes no normals
};

// One level of detail's triangles inside a view's index buffer: from `first` on, occluder_count
// indices of the triangles this view is sure of as a surface that hides what lies behind it (see
// mesh_indices), then the other triangles without a padding vertex up to solid_count, then the
// padding ring's up to count.
struct MeshLevelRange {
    GLsizei first = 0;
    GLsizei occluder_count = 0;
    GLsizei solid_count = 0;
    GLsizei count = 0;
};

struct ViewMeshGpu {
    gl::Buffer vertices;
    gl::Buffer indices;  // every level of detail, one after the other, over the same vertices
    gl::VertexArray vertex_array;
    // levels[i]: level of detail FusionRenderSettings::kMeshLods[i] (levels[0]: the full mesh).
    std::vector<MeshLevelRange> levels;
    // The full mesh with its planar blocks merged (planar_merged_faces.hpp; kPlanarMergeTolerance).
    MeshLevelRange planar;
    gl::Texture2D color;
    glm::mat4 modelview{1.0f};  // world->camera of the source view
    glm::vec3 bounds_min{0.0f};  // world-space bounding box of the vertices
    glm::vec3 bounds_max{0.0f};
};

// The meshing the viewer uses for a scene of field of view `fov_deg`.
MeshOptions viewer_mesh_options(float fov_deg);
// IVID's load_scene meshing (render.py): numeric padding 32, the tolerances and colour erosion
// given (render.py's --atol, --rtol, --erode_rgb), normals.
MeshOptions load_scene_mesh_options(float fov_deg, const MeshingTolerances& tolerances);

// Occluders: triangles with no discontinuity or padding vertex whose depths (from the source
// camera) span at most this fraction of the nearest one. IVID's flags need both atol and rtol
// (0.03) exceeded, so a step from a far hill (4.0) to the sky (4.5) stays unflagged: a "rubber
// sheet" that is no surface and must not hide other views' samples.
constexpr float kOccluderDepthSpan = 0.02f;

// Interleaved vertices and flat triangle indices of a mesh, ready for upload; the indices list
// the occluder triangles first, then the other ones without a padding vertex, then those with
// one, each group in face order.
struct MeshIndices {
    std::vector<GLuint> indices;
    GLsizei occluder_count = 0;
    GLsizei solid_count = 0;
};
std::vector<MeshVertex> mesh_vertices(const RgbdMesh& mesh);
// lod 1: the mesh's own faces. lod K > 1: the grid cut into blocks of K x K cells (the last row
// and column of blocks take what is left, so the whole grid stays covered); a block whose
// vertices all carry the same flags becomes two triangles over its corners (split along the
// shorter diagonal, as the full mesh), any other block (discontinuities, erosion rings, the
// padding ring) is split into quarters the same way, down to the full mesh's faces. Same
// vertices, so texturing stays per source pixel. lod must be a power of two (Error otherwise).
// Where a coarse block meets finer ones their shared edge is split on one side only: a preview
// may show hairline cracks there, the full level never does.
MeshIndices mesh_indices(const RgbdMesh& mesh, int lod = 1);
// Any faces of `mesh` (over its vertices) in mesh_indices' groups and order.
MeshIndices grouped_indices(const RgbdMesh& mesh, const std::vector<glm::ivec3>& faces);

// The merged level's tolerances (planar_merged_faces): depths within 0.2% of the block's plane
// (at 128² and 45 degrees a pixel spans 0.6% of the depth sideways, so a surface moves by less
// than a third of a source pixel seen from 90 degrees away), normals within 0.05 rad of their mean
// (IVID's source-angle weight exp(-20 angle) changes by at most a factor e there).
constexpr float kPlanarMergeTolerance = 0.002f;
constexpr float kPlanarMergeNormalAngle = 0.05f;

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

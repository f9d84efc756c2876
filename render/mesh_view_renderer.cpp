#include "render/mesh_view_renderer.hpp"

#include <algorithm>
#include <numeric>

#include <glm/geometric.hpp>

#include "core/geometry/camera.hpp"
#include "render/gl/render_state.hpp"

namespace ivid {

MeshViewRenderer::MeshViewRenderer()
    : program_(gl::ShaderProgram::from_embedded({"mesh_view.vert", "mesh_view.frag"})) {}

void MeshViewRenderer::draw(const SceneGpu& scene, const glm::mat4& view,
                            const glm::mat4& projection) const {
    // Several views see the same surface at almost the same depth. Drawing the views whose
    // cameras are nearest the viewer first, each further one pushed slightly back, lets the
    // best-placed view win everywhere it has data (no z-fighting speckle between views), and
    // the depth test rejects the others' fragments before shading (much overdraw otherwise).
    const std::vector<ViewMeshGpu>& meshes = scene.views();
    const glm::vec3 eye = camera_center(view);
    std::vector<float> distance(meshes.size());
    for (size_t i = 0; i < meshes.size(); ++i)
        distance[i] = glm::distance(eye, camera_center(meshes[i].modelview));
    std::vector<size_t> order(meshes.size());
    std::iota(order.begin(), order.end(), size_t{0});
    std::stable_sort(order.begin(), order.end(),
                     [&](size_t a, size_t b) { return distance[a] < distance[b]; });
    glEnable(GL_POLYGON_OFFSET_FILL);
    for (size_t rank = 0; rank < order.size(); ++rank) {
        const float push = static_cast<float>(rank);
        glPolygonOffset(kSlopeBiasPerRank * push, kDepthUnitsPerRank * push);
        draw_view(meshes[order[rank]], view, projection);
    }
    glDisable(GL_POLYGON_OFFSET_FILL);
}

void MeshViewRenderer::draw_view(const ViewMeshGpu& mesh, const glm::mat4& view,
                                 const glm::mat4& projection) const {
    // The triangles are counter-clockwise seen from their source camera; from behind, a depth
    // mesh shows the inside of a surface, which would hide other views' real surfaces.
    gl::use_depth_tested_meshes(/*cull_back_faces=*/true);
    program_.use();
    program_.set("view", view);
    program_.set("projection", projection);
    mesh.color.bind(0);
    mesh.vertex_array.bind();
    glDrawElements(GL_TRIANGLES, mesh.levels[0].count, GL_UNSIGNED_INT, nullptr);
    glBindVertexArray(0);
}

}  // namespace ivid

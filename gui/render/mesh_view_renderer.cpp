#include "gui/render/mesh_view_renderer.hpp"

namespace ivid {

MeshViewRenderer::MeshViewRenderer()
    : program_(gl::ShaderProgram::from_embedded({"mesh_view.vert", "mesh_view.frag"})) {}

void MeshViewRenderer::draw(const SceneGpu& scene, const glm::mat4& view,
                            const glm::mat4& projection) const {
    for (const ViewMeshGpu& mesh : scene.views()) draw_view(mesh, view, projection);
}

void MeshViewRenderer::draw_view(const ViewMeshGpu& mesh, const glm::mat4& view,
                                 const glm::mat4& projection) const {
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);
    glDisable(GL_BLEND);
    // The triangles are counter-clockwise seen from their source camera; from behind, a depth
    // mesh shows the inside of a surface, which would hide other views' real surfaces.
    glEnable(GL_CULL_FACE);
    glFrontFace(GL_CCW);
    glCullFace(GL_BACK);
    program_.use();
    program_.set("view", view);
    program_.set("projection", projection);
    mesh.color.bind(0);
    mesh.vertex_array.bind();
    glDrawElements(GL_TRIANGLES, mesh.index_count, GL_UNSIGNED_INT, nullptr);
    glBindVertexArray(0);
}

}  // namespace ivid

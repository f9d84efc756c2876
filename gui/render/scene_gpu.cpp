#include "gui/render/scene_gpu.hpp"

#include <cstddef>

namespace ivid {

MeshOptions viewer_mesh_options(float fov_deg) {
    MeshOptions options;
    options.fov_deg = fov_deg;
    options.padding = PaddingMode::None;
    options.atol = 0.03f;
    options.rtol = 0.03f;
    options.normals = false;
    return options;
}

std::vector<MeshVertex> mesh_vertices(const RgbdMesh& mesh) {
    std::vector<MeshVertex> vertices(mesh.positions.size());
    for (size_t i = 0; i < vertices.size(); ++i)
        vertices[i] = {mesh.positions[i], mesh.uvs[i], static_cast<float>(mesh.flags[i])};
    return vertices;
}

std::vector<GLuint> mesh_indices(const RgbdMesh& mesh) {
    std::vector<GLuint> indices;
    indices.reserve(mesh.faces.size() * 3);
    for (const glm::ivec3& face : mesh.faces)
        for (int corner = 0; corner < 3; ++corner)
            indices.push_back(static_cast<GLuint>(face[corner]));
    return indices;
}

SceneGpu::SceneGpu(const Scene& scene) {
    views_.reserve(scene.views.size());
    for (const View& view : scene.views) {
        const RgbdMesh mesh =
            depth_to_mesh(view.depth, viewer_mesh_options(scene.fov_deg), view.modelview);
        const std::vector<GLuint> indices = mesh_indices(mesh);
        ViewMeshGpu& gpu = views_.emplace_back();
        gpu.vertices = gl::Buffer(mesh_vertices(mesh));
        gpu.indices = gl::Buffer(indices);
        gpu.index_count = static_cast<GLsizei>(indices.size());
        constexpr size_t stride = sizeof(MeshVertex);
        gpu.vertex_array.attribute(0, gpu.vertices, 3, offsetof(MeshVertex, position), stride);
        gpu.vertex_array.attribute(1, gpu.vertices, 2, offsetof(MeshVertex, uv), stride);
        gpu.vertex_array.attribute(2, gpu.vertices, 1, offsetof(MeshVertex, flag), stride);
        gpu.vertex_array.index_buffer(gpu.indices);
        // NEAREST like IVID's renderers: a pixel shows exactly the colour of one source pixel.
        gpu.color = gl::Texture2D(view.color, gl::TextureFilter::Nearest);
        gpu.modelview = view.modelview;
    }
}

}  // namespace ivid

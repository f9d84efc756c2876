#include "gui/render/scene_gpu.hpp"

#include <algorithm>
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

MeshOptions load_scene_mesh_options(float fov_deg) {
    MeshOptions options = viewer_mesh_options(fov_deg);
    options.padding = PaddingMode::Pixels;
    options.padding_pixels = 32;
    options.erode_rgb = 3;
    options.normals = true;
    return options;
}

std::vector<MeshVertex> mesh_vertices(const RgbdMesh& mesh) {
    std::vector<MeshVertex> vertices(mesh.positions.size());
    for (size_t i = 0; i < vertices.size(); ++i)
        vertices[i] = {mesh.positions[i], mesh.uvs[i], static_cast<float>(mesh.flags[i]),
                       mesh.normals.empty() ? glm::vec3(0.0f) : mesh.normals[i]};
    return vertices;
}

MeshIndices mesh_indices(const RgbdMesh& mesh) {
    const auto padded = [&](const glm::ivec3& face) {
        for (int corner = 0; corner < 3; ++corner)
            if (mesh.flags[face[corner]] & kFlagPadding) return true;
        return false;
    };
    const auto occludes = [&](const glm::ivec3& face) {
        float lo = 0.0f, hi = 0.0f;
        for (int corner = 0; corner < 3; ++corner) {
            if (mesh.flags[face[corner]] & (kFlagDiscontinuity | kFlagPadding)) return false;
            const float depth = -(mesh.modelview * glm::vec4(mesh.positions[face[corner]], 1.0f)).z;
            lo = corner == 0 ? depth : std::min(lo, depth);
            hi = corner == 0 ? depth : std::max(hi, depth);
        }
        return hi - lo <= kOccluderDepthSpan * lo;
    };
    // 0: occluder, 1: other solid, 2: padding.
    const auto group = [&](const glm::ivec3& face) { return occludes(face) ? 0 : padded(face) ? 2 : 1; };
    MeshIndices out;
    out.indices.reserve(mesh.faces.size() * 3);
    for (int pass = 0; pass < 3; ++pass) {
        for (const glm::ivec3& face : mesh.faces)
            if (group(face) == pass)
                for (int corner = 0; corner < 3; ++corner)
                    out.indices.push_back(static_cast<GLuint>(face[corner]));
        if (pass == 0) out.occluder_count = static_cast<GLsizei>(out.indices.size());
        if (pass == 1) out.solid_count = static_cast<GLsizei>(out.indices.size());
    }
    return out;
}

SceneGpu::SceneGpu(const Scene& scene) : SceneGpu(scene, viewer_mesh_options(scene.fov_deg)) {}

SceneGpu::SceneGpu(const Scene& scene, const MeshOptions& options) {
    views_.reserve(scene.views.size());
    for (const View& view : scene.views) {
        const RgbdMesh mesh = depth_to_mesh(view.depth, options, view.modelview);
        const MeshIndices indices = mesh_indices(mesh);
        ViewMeshGpu& gpu = views_.emplace_back();
        gpu.vertices = gl::Buffer(mesh_vertices(mesh));
        gpu.indices = gl::Buffer(indices.indices);
        gpu.index_count = static_cast<GLsizei>(indices.indices.size());
        gpu.occluder_index_count = indices.occluder_count;
        gpu.solid_index_count = indices.solid_count;
        constexpr size_t stride = sizeof(MeshVertex);
        gpu.vertex_array.attribute(0, gpu.vertices, 3, offsetof(MeshVertex, position), stride);
        gpu.vertex_array.attribute(1, gpu.vertices, 2, offsetof(MeshVertex, uv), stride);
        gpu.vertex_array.attribute(2, gpu.vertices, 1, offsetof(MeshVertex, flag), stride);
        gpu.vertex_array.attribute(3, gpu.vertices, 3, offsetof(MeshVertex, normal), stride);
        gpu.vertex_array.index_buffer(gpu.indices);
        // NEAREST like IVID's renderers: a pixel shows exactly the colour of one source pixel.
        gpu.color = gl::Texture2D(view.color, gl::TextureFilter::Nearest);
        gpu.modelview = view.modelview;
        if (!mesh.positions.empty()) gpu.bounds_min = gpu.bounds_max = mesh.positions[0];
        for (const glm::vec3& p : mesh.positions) {
            gpu.bounds_min = glm::min(gpu.bounds_min, p);
            gpu.bounds_max = glm::max(gpu.bounds_max, p);
        }
    }
}

}  // namespace ivid

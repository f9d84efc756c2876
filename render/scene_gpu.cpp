#include "render/scene_gpu.hpp"

#include <algorithm>
#include <cstddef>
#include <string>

#include "core/geometry/quad_split.hpp"
#include "core/util/error.hpp"
#include "render/fusion_settings.hpp"
#include "render/planar_merged_faces.hpp"

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

MeshOptions load_scene_mesh_options(float fov_deg, const MeshingTolerances& tolerances) {
    MeshOptions options = viewer_mesh_options(fov_deg);
    options.padding = PaddingMode::Pixels;
    options.padding_pixels = 32;
    options.atol = tolerances.atol;
    options.rtol = tolerances.rtol;
    options.erode_rgb = tolerances.erode_rgb;
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

namespace {

// The faces of mesh_indices at level of detail `lod` > 1 (see scene_gpu.hpp).
class CoarseFaces {
public:
    CoarseFaces(const RgbdMesh& mesh, int lod) : mesh_(mesh) {
        const int gw = mesh.grid_width, gh = mesh.grid_height;
        for (int r0 = 0; r0 + 1 < gh; r0 += lod)
            for (int c0 = 0; c0 + 1 < gw; c0 += lod)
                add_block(r0, std::min(r0 + lod, gh - 1), c0, std::min(c0 + lod, gw - 1), lod);
    }
    std::vector<glm::ivec3> faces;

private:
    const RgbdMesh& mesh_;

    int vertex(int r, int c) const { return r * mesh_.grid_width + c; }

    bool uniform_flags(int r0, int r1, int c0, int c1) const {
        const int32_t corner = mesh_.flags[size_t(vertex(r0, c0))];
        for (int r = r0; r <= r1; ++r)
            for (int c = c0; c <= c1; ++c)
                if (mesh_.flags[size_t(vertex(r, c))] != corner) return false;
        return true;
    }

    // Rows r0..r1 x columns c0..c1 of vertices, at most `step` cells a side: two triangles when its
    // flags agree, else its quarters (down to the full mesh's own two faces per cell).
    void add_block(int r0, int r1, int c0, int c1, int step) {
        if (r1 - r0 == 1 && c1 - c0 == 1) {
            // depth_to_mesh's triangulation: two faces per cell, row-major.
            const size_t cell = size_t(r0) * size_t(mesh_.grid_width - 1) + size_t(c0);
            faces.push_back(mesh_.faces[2 * cell]);
            faces.push_back(mesh_.faces[2 * cell + 1]);
        } else if (uniform_flags(r0, r1, c0, c1)) {
            const int tl = vertex(r0, c0), tr = vertex(r0, c1), bl = vertex(r1, c0), br = vertex(r1, c1);
            // The full mesh's rule, so the block folds the way the cells it stands for do.
            const std::vector<glm::vec3>& p = mesh_.positions;
            append_quad_split(faces, {tl, tr, bl, br}, glm::distance(p[size_t(tl)], p[size_t(br)]),
                              glm::distance(p[size_t(tr)], p[size_t(bl)]));
        } else {
            const int half = step / 2;
            for (int r = r0; r < r1; r += half)
                for (int c = c0; c < c1; c += half)
                    add_block(r, std::min(r + half, r1), c, std::min(c + half, c1), half);
        }
    }
};

}  // namespace

MeshIndices mesh_indices(const RgbdMesh& mesh, int lod) {
    if (lod < 1 || (lod & (lod - 1)) != 0)
        throw Error::at("mesh_indices", "lod", "a power of two", std::to_string(lod));
    return grouped_indices(mesh, lod == 1 ? mesh.faces : CoarseFaces(mesh, lod).faces);
}

MeshIndices grouped_indices(const RgbdMesh& mesh, const std::vector<glm::ivec3>& faces) {
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
    out.indices.reserve(faces.size() * 3);
    for (int pass = 0; pass < 3; ++pass) {
        for (const glm::ivec3& face : faces)
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
        ViewMeshGpu& gpu = views_.emplace_back();
        std::vector<GLuint> all_levels;
        const auto append = [&](const MeshIndices& level) {
            const auto first = static_cast<GLsizei>(all_levels.size());
            all_levels.insert(all_levels.end(), level.indices.begin(), level.indices.end());
            return MeshLevelRange{first, level.occluder_count, level.solid_count,
                                  static_cast<GLsizei>(level.indices.size())};
        };
        for (const int lod : FusionRenderSettings::kMeshLods) gpu.levels.push_back(append(mesh_indices(mesh, lod)));
        gpu.planar = append(grouped_indices(
            mesh, planar_merged_faces(mesh, kPlanarMergeTolerance, kPlanarMergeNormalAngle)));
        gpu.vertices = gl::Buffer(mesh_vertices(mesh));
        gpu.indices = gl::Buffer(all_levels);
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

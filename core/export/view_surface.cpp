#include "core/export/view_surface.hpp"

#include <cmath>
#include <string>

#include "core/geometry/camera.hpp"
#include "core/geometry/rgbd_mesh.hpp"
#include "core/util/error.hpp"

namespace ivid {

namespace {

constexpr uint32_t kUnused = UINT32_MAX;

MeshOptions surface_mesh_options(const Scene& scene, const MeshingTolerances& meshing) {
    MeshOptions options;
    options.fov_deg = scene.fov_deg;
    options.padding = PaddingMode::None;
    options.atol = meshing.atol;
    options.rtol = meshing.rtol;
    options.erode_rgb = 0;  // erosion only weights colour in the fused viewer; a surface keeps it
    options.normals = true;
    return options;
}

bool on_depth_edge(const RgbdMesh& mesh, const glm::ivec3& face) {
    for (int corner = 0; corner < 3; ++corner)
        if (mesh.flags[size_t(face[corner])] & kFlagDiscontinuity) return true;
    return false;
}

// Keeps the points whose `keep` entry is true and the faces whose corners are all kept.
void compact(ViewSurface& s, const std::vector<bool>& keep) {
    std::vector<uint32_t> remap(s.positions.size(), kUnused);
    uint32_t next = 0;
    for (size_t i = 0; i < keep.size(); ++i) {
        if (!keep[i]) continue;
        remap[i] = next;
        s.positions[next] = s.positions[i];
        s.normals[next] = s.normals[i];
        s.colors[next] = s.colors[i];
        s.depths[next] = s.depths[i];
        s.pixels[next] = s.pixels[i];
        ++next;
    }
    s.positions.resize(next);
    s.normals.resize(next);
    s.colors.resize(next);
    s.depths.resize(next);
    s.pixels.resize(next);
    std::vector<glm::uvec3> faces;
    faces.reserve(s.faces.size());
    for (const glm::uvec3& f : s.faces) {
        const glm::uvec3 g(remap[f.x], remap[f.y], remap[f.z]);
        if (g.x != kUnused && g.y != kUnused && g.z != kUnused) faces.push_back(g);
    }
    s.faces = std::move(faces);
}

}  // namespace

ViewSurface view_surface(const Scene& scene, int view_index, const MeshingTolerances& meshing) {
    if (view_index < 0 || view_index >= int(scene.views.size()))
        throw Error::at("scene", "view", "0.." + std::to_string(int(scene.views.size()) - 1), std::to_string(view_index));
    const View& view = scene.views[size_t(view_index)];
    const RgbdMesh mesh = depth_to_mesh(view.depth, surface_mesh_options(scene, meshing), view.modelview);
    const glm::vec3 eye = camera_center(view.modelview);
    const int width = view.depth.width;

    ViewSurface s;
    s.view = view_index;
    s.eye = eye;
    s.axis = -glm::vec3(view.modelview[0][2], view.modelview[1][2], view.modelview[2][2]);
    const size_t n = mesh.positions.size();
    s.positions = mesh.positions;
    s.normals.resize(n);
    s.colors.resize(n);
    s.depths.resize(n);
    s.pixels.resize(n);
    for (size_t i = 0; i < n; ++i) {
        const int r = int(i) / width, c = int(i) % width;
        const glm::vec3 normal = mesh.normals[i];
        s.normals[i] = glm::dot(normal, eye - mesh.positions[i]) < 0.0f ? -normal : normal;
        s.colors[i] = glm::u8vec3(view.color.at(r, c, 0), view.color.at(r, c, 1), view.color.at(r, c, 2));
        s.depths[i] = view.depth.at(r, c);
        s.pixels[i] = glm::ivec2(r, c);
    }
    std::vector<bool> used(n, false);
    for (const glm::ivec3& face : mesh.faces) {
        if (on_depth_edge(mesh, face)) continue;
        s.faces.emplace_back(face);
        for (int corner = 0; corner < 3; ++corner) used[size_t(face[corner])] = true;
    }
    compact(s, used);
    return s;
}

std::vector<ViewSurface> scene_surfaces(const Scene& scene, const MeshingTolerances& meshing) {
    validate(meshing, "meshing tolerances");
    std::vector<ViewSurface> surfaces;
    surfaces.reserve(scene.views.size());
    for (int v = 0; v < int(scene.views.size()); ++v) surfaces.push_back(view_surface(scene, v, meshing));
    return surfaces;
}

size_t remove_overlaps(const Scene& scene, std::vector<ViewSurface>& surfaces, double relative_tolerance) {
    const glm::mat4 projection = perspective(scene.fov_deg, 1.0f, 0.01f, 100.0f);
    const int size = scene.image_size;
    // covered[v][r * size + c]: view v's surface holds pixel (r, c), at that z-depth.
    std::vector<std::vector<float>> covered(surfaces.size(), std::vector<float>(size_t(size) * size, 0.0f));
    size_t removed = 0;
    for (size_t k = 0; k < surfaces.size(); ++k) {
        ViewSurface& s = surfaces[k];
        std::vector<bool> keep(s.positions.size(), true);
        for (size_t i = 0; i < s.positions.size(); ++i) {
            for (size_t j = 0; j < k && keep[i]; ++j) {
                const glm::vec4 cam = scene.views[surfaces[j].view].modelview * glm::vec4(s.positions[i], 1.0f);
                const glm::vec4 clip = projection * cam;
                if (clip.w <= 0.0f) continue;
                const float col = (clip.x / clip.w * 0.5f + 0.5f) * size;
                const float row = (0.5f - clip.y / clip.w * 0.5f) * size;
                if (col < 0.0f || row < 0.0f || col >= size || row >= size) continue;
                const float seen = covered[j][size_t(row) * size + size_t(col)];
                if (seen > 0.0f && std::abs(seen + cam.z) <= relative_tolerance * seen) keep[i] = false;
            }
            removed += keep[i] ? 0 : 1;
        }
        compact(s, keep);
        for (size_t i = 0; i < s.positions.size(); ++i)
            covered[k][size_t(s.pixels[i].x) * size + size_t(s.pixels[i].y)] = s.depths[i];
    }
    return removed;
}

size_t point_count(const std::vector<ViewSurface>& surfaces) {
    size_t n = 0;
    for (const ViewSurface& s : surfaces) n += s.positions.size();
    return n;
}

size_t face_count(const std::vector<ViewSurface>& surfaces) {
    size_t n = 0;
    for (const ViewSurface& s : surfaces) n += s.faces.size();
    return n;
}

}  // namespace ivid

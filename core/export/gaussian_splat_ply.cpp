#include "core/export/gaussian_splat_ply.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <glm/gtc/quaternion.hpp>

#include "core/export/export_conventions.hpp"

namespace ivid {

namespace {

struct Splat {
    glm::vec3 scale;  // standard deviations along the local x, y, z axes
    glm::quat rotation;
};

// The shortest rotation taking +z to the unit vector n (half-way vector construction).
glm::quat rotation_from_z(const glm::vec3& n) {
    if (n.z < -0.999999f) return glm::quat(0.0f, 1.0f, 0.0f, 0.0f);  // 180 degrees about x
    const glm::vec3 axis = glm::cross(glm::vec3(0.0f, 0.0f, 1.0f), n);
    return glm::normalize(glm::quat(1.0f + n.z, axis.x, axis.y, axis.z));
}

// A disc at point i of s: local z along the normal; in the plane, half the pixel footprint (exact
// on surfaces parallel to the image plane), divided by the cosine between the normal and the
// viewing axis where the surface slants away (capped at 4x), and 10x thinner across.
Splat surface_splat(const ViewSurface& s, size_t i, float fov_deg, int image_size) {
    const glm::vec3 n = s.normals[i];
    const float facing = std::max(std::abs(glm::dot(n, s.axis)), 0.25f);
    const float sigma = float(0.5 * pixel_footprint(fov_deg, image_size, s.depths[i])) / facing;
    Splat splat;
    splat.scale = glm::vec3(sigma, sigma, 0.1f * sigma);
    splat.rotation = rotation_from_z(n);
    return splat;
}

float logit(float p) { return std::log(p / (1.0f - p)); }

}  // namespace

PlyVertexTable gaussian_splat_table(const std::vector<ViewSurface>& surfaces, float fov_deg, int image_size) {
    PlyVertexTable table(point_count(surfaces));
    std::vector<float>* xyz[3] = {&table.add_float("x"), &table.add_float("y"), &table.add_float("z")};
    std::vector<float>* normal[3] = {&table.add_float("nx"), &table.add_float("ny"), &table.add_float("nz")};
    std::vector<float>* dc[3] = {&table.add_float("f_dc_0"), &table.add_float("f_dc_1"), &table.add_float("f_dc_2")};
    for (int k = 0; k < kShRestCoefficients; ++k) table.add_float("f_rest_" + std::to_string(k));
    std::vector<float>& opacity = table.add_float("opacity");
    std::vector<float>* scale[3] = {&table.add_float("scale_0"), &table.add_float("scale_1"), &table.add_float("scale_2")};
    std::vector<float>* rot[4] = {&table.add_float("rot_0"), &table.add_float("rot_1"), &table.add_float("rot_2"),
                                  &table.add_float("rot_3")};
    const float opacity_logit = logit(kSplatOpacity);
    size_t row = 0;
    for (const ViewSurface& s : surfaces) {
        for (size_t i = 0; i < s.positions.size(); ++i, ++row) {
            for (int a = 0; a < 3; ++a) {
                (*xyz[a])[row] = s.positions[i][a];
                (*normal[a])[row] = s.normals[i][a];
                (*dc[a])[row] = float((s.colors[i][a] / 255.0 - 0.5) / kShC0);
            }
            opacity[row] = opacity_logit;
            const Splat splat = surface_splat(s, i, fov_deg, image_size);
            for (int a = 0; a < 3; ++a) (*scale[a])[row] = std::log(splat.scale[a]);
            const float wxyz[4] = {splat.rotation.w, splat.rotation.x, splat.rotation.y, splat.rotation.z};
            for (int a = 0; a < 4; ++a) (*rot[a])[row] = wxyz[a];
        }
    }
    return table;
}

}  // namespace ivid

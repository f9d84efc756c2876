#include "tests/gl/synthetic_scene.hpp"

#include <algorithm>
#include <cmath>
#include <utility>

#include "core/geometry/camera.hpp"

namespace ivid::test {
namespace {

constexpr double kSphereRadius = 0.24;
constexpr double kPlaneZ = -1.5;

struct Hit {
    double distance;  // along a ray whose camera-space z component is -1, i.e. linear depth
    glm::u8vec3 color;
};

Hit cast(const glm::dvec3& origin, const glm::dvec3& dir) {
    // Sphere: |o + t d|^2 = R^2, nearest positive root.
    const double a = glm::dot(dir, dir);
    const double b = 2.0 * glm::dot(origin, dir);
    const double c = glm::dot(origin, origin) - kSphereRadius * kSphereRadius;
    const double disc = b * b - 4.0 * a * c;
    if (disc >= 0.0) {
        const double t = (-b - std::sqrt(disc)) / (2.0 * a);
        const glm::dvec3 p = origin + t * dir;
        const double longitude = std::atan2(p.x, p.z);
        const double latitude = std::asin(std::clamp(p.y / kSphereRadius, -1.0, 1.0));
        const bool odd = (static_cast<int>(std::floor(longitude * 8.0)) +
                          static_cast<int>(std::floor(latitude * 8.0))) & 1;
        return {t, odd ? glm::u8vec3(230, 80, 40) : glm::u8vec3(250, 220, 60)};
    }
    const double t = (kPlaneZ - origin.z) / dir.z;
    const glm::dvec3 p = origin + t * dir;
    const bool odd = (static_cast<int>(std::floor(p.x / 0.09)) +
                      static_cast<int>(std::floor(p.y / 0.07))) & 1;
    return {t, odd ? glm::u8vec3(30, 60, 170) : glm::u8vec3(200, 210, 230)};
}

View render_view(float yaw, float pitch, int size, float fov_deg) {
    View view;
    view.yaw = yaw;
    view.pitch = pitch;
    view.modelview = orbit_modelview(OrbitPose{yaw, pitch, 1.0f, glm::vec3(0.0f)});
    view.color = ImageU8(size, size, 3);
    view.depth = Image(size, size, 1);
    const glm::dmat4 camera_to_world = glm::inverse(glm::dmat4(view.modelview));
    const glm::dvec3 origin(camera_to_world[3]);
    const double focal = 0.5 / std::tan(glm::radians(static_cast<double>(fov_deg)) / 2.0);
    for (int r = 0; r < size; ++r)
        for (int c = 0; c < size; ++c) {
            const double u = (c + 0.5) / size, v = (r + 0.5) / size;
            const glm::dvec3 dir_cam((u - 0.5) / focal, (0.5 - v) / focal, -1.0);
            const Hit hit = cast(origin, glm::dmat3(camera_to_world) * dir_cam);
            view.depth.at(r, c) = static_cast<float>(hit.distance);
            for (int ch = 0; ch < 3; ++ch) view.color.at(r, c, ch) = hit.color[ch];
        }
    return view;
}

}  // namespace

Scene make_synthetic_scene(int image_size) {
    Scene scene;
    scene.image_size = image_size;
    for (const auto& [yaw, pitch] : {std::pair{0.0f, 0.0f}, {0.3f, 0.1f}, {-0.3f, 0.1f}})
        scene.views.push_back(render_view(yaw, pitch, image_size, scene.fov_deg));
    scene.provenance.generator = "tests/gl synthetic scene";
    scene.provenance.ground_truth = true;
    scene.provenance.date = "2026-01-01T00:00:00Z";
    return scene;
}

Scene make_upsampled_synthetic_scene(int image_size, int base_size) {
    Scene scene = make_synthetic_scene(image_size);
    const Scene base = make_synthetic_scene(base_size);
    scene.base_image_size = base_size;
    for (size_t i = 0; i < scene.views.size(); ++i) scene.views[i].base = BaseView{base.views[i].color, base.views[i].depth};
    return scene;
}

}  // namespace ivid::test

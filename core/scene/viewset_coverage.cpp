#include "core/scene/viewset_coverage.hpp"

#include <algorithm>
#include <cmath>

#include <glm/geometric.hpp>

#include "core/util/error.hpp"

namespace ivid {
namespace {

constexpr double kTwoPi = 6.28318530717958647692;

void require_views(const Scene& scene, const char* what) {
    if (scene.views.empty()) throw Error::at(what, "views", "at least one view", "none");
}

glm::dvec3 direction(const OrbitPose& pose) {
    const double yaw = pose.yaw, pitch = pose.pitch;
    return {std::sin(yaw) * std::cos(pitch), std::sin(pitch), std::cos(yaw) * std::cos(pitch)};
}

// yaw + k * 2 pi nearest to `centre`.
double wrap_near(double yaw, double centre) {
    return yaw - kTwoPi * std::round((yaw - centre) / kTwoPi);
}

}  // namespace

OrbitPose view_pose(const View& view) {
    OrbitPose pose;
    pose.yaw = view.yaw;
    pose.pitch = view.pitch;
    pose.radius = glm::length(camera_center(view.modelview));
    return pose;
}

ViewsetCoverage viewset_coverage(const Scene& scene) {
    require_views(scene, "viewset_coverage");
    ViewsetCoverage box{scene.views[0].yaw, scene.views[0].yaw, scene.views[0].pitch,
                        scene.views[0].pitch};
    for (const View& view : scene.views) {
        box.yaw_min = std::min(box.yaw_min, view.yaw);
        box.yaw_max = std::max(box.yaw_max, view.yaw);
        box.pitch_min = std::min(box.pitch_min, view.pitch);
        box.pitch_max = std::max(box.pitch_max, view.pitch);
    }
    return box;
}

bool covers(const ViewsetCoverage& coverage, const OrbitPose& pose) {
    const double centre = 0.5 * (static_cast<double>(coverage.yaw_min) + coverage.yaw_max);
    const double yaw = wrap_near(pose.yaw, centre);
    return yaw >= coverage.yaw_min && yaw <= coverage.yaw_max && pose.pitch >= coverage.pitch_min &&
           pose.pitch <= coverage.pitch_max;
}

float direction_angle(const OrbitPose& a, const OrbitPose& b) {
    // atan2 stays accurate for tiny angles, where acos(dot) loses half the digits.
    const glm::dvec3 da = direction(a), db = direction(b);
    return static_cast<float>(std::atan2(glm::length(glm::cross(da, db)), glm::dot(da, db)));
}

size_t nearest_view(const Scene& scene, const OrbitPose& pose) {
    require_views(scene, "nearest_view");
    size_t best = 0;
    float best_angle = direction_angle(view_pose(scene.views[0]), pose);
    for (size_t i = 1; i < scene.views.size(); ++i) {
        const float angle = direction_angle(view_pose(scene.views[i]), pose);
        if (angle < best_angle) {
            best = i;
            best_angle = angle;
        }
    }
    return best;
}

}  // namespace ivid

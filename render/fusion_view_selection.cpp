#include "render/fusion_view_selection.hpp"

#include <algorithm>
#include <cmath>
#include <tuple>

#include "core/geometry/camera.hpp"

namespace ivid {
namespace {

// Grid points across the target frame (per side) and the depths, in multiples of the focus depth.
constexpr int kGrid = 8;
constexpr float kDepthFactors[] = {1.0f, 3.0f};
// The focus depth is at least this far in front of the target camera.
constexpr float kMinFocusDepth = 0.1f;

// The camera's viewing direction in world space (its -z axis).
glm::vec3 viewing_axis(const glm::mat4& modelview) {
    return glm::normalize(-glm::vec3(glm::inverse(modelview)[2]));
}

// The angle between the directions from `point` to `a` and to `b`, from the chord between the unit
// directions: exact 0 for a == b and accurate near it (as fusion_mesh.vert measures it).
float angle_seen_from(const glm::vec3& point, const glm::vec3& a, const glm::vec3& b) {
    const glm::vec3 chord = glm::normalize(a - point) - glm::normalize(b - point);
    return 2.0f * std::asin(std::clamp(0.5f * glm::length(chord), 0.0f, 1.0f));
}

bool sees(const SourceCamera& source, const glm::vec3& point) {
    const glm::vec4 c = source.clip_from_world * glm::vec4(point, 1.0f);
    return c.w > 0.0f && std::fabs(c.x) <= c.w && std::fabs(c.y) <= c.w;
}

}  // namespace

std::vector<SourceCamera> source_cameras(const Scene& scene, float near, float far) {
    const glm::mat4 projection = perspective(scene.fov_deg, 1.0f, near, far);
    std::vector<SourceCamera> sources;
    for (const View& view : scene.views)
        sources.push_back({camera_center(view.modelview), projection * view.modelview});
    return sources;
}

glm::vec3 scene_focus(const Scene& scene) {
    if (scene.views.empty()) return glm::vec3(0.0f);
    glm::vec3 sum(0.0f);
    for (const View& view : scene.views) {
        std::vector<float> depths = view.depth.data;
        const auto middle = depths.begin() + std::ptrdiff_t(depths.size() / 2);
        std::nth_element(depths.begin(), middle, depths.end());
        const float depth = depths.empty() ? 0.0f : *middle;
        sum += camera_center(view.modelview) + depth * viewing_axis(view.modelview);
    }
    return sum / float(scene.views.size());
}

std::vector<int> select_views(const std::vector<SourceCamera>& sources, const std::vector<int>& candidates,
                              const glm::mat4& target_modelview, const glm::mat4& target_projection,
                              const glm::vec3& focus, int count) {
    if (count <= 0 || size_t(count) >= candidates.size()) return candidates;
    const glm::mat4 world_from_camera = glm::inverse(target_modelview);
    const glm::vec3 eye = camera_center(target_modelview), axis = viewing_axis(target_modelview);
    const float focus_depth = std::max(glm::dot(focus - eye, axis), kMinFocusDepth);
    const auto angle_at = [&](const glm::vec3& point, int index) {
        return angle_seen_from(point, sources[size_t(index)].centre, eye);
    };
    // (-wins, angle on the axis, index): the first `count` are drawn.
    std::vector<std::tuple<int, float, int>> rank;
    for (const int index : candidates) rank.emplace_back(0, angle_at(eye + focus_depth * axis, index), index);
    const glm::vec2 tan_half_fov(1.0f / target_projection[0][0], 1.0f / target_projection[1][1]);
    for (int gy = 0; gy < kGrid; ++gy)
        for (int gx = 0; gx < kGrid; ++gx)
            for (const float factor : kDepthFactors) {
                const glm::vec2 ndc((gx + 0.5f) / kGrid * 2.0f - 1.0f, (gy + 0.5f) / kGrid * 2.0f - 1.0f);
                const float depth = factor * focus_depth;
                const glm::vec3 point(world_from_camera * glm::vec4(ndc * tan_half_fov * depth, -depth, 1.0f));
                size_t best = rank.size();
                float best_angle = 0.0f;
                for (size_t i = 0; i < rank.size(); ++i) {
                    const int index = std::get<2>(rank[i]);
                    if (!sees(sources[size_t(index)], point)) continue;
                    const float angle = angle_at(point, index);
                    if (best == rank.size() || angle < best_angle) best = i, best_angle = angle;
                }
                if (best < rank.size()) --std::get<0>(rank[best]);
            }
    std::partial_sort(rank.begin(), rank.begin() + count, rank.end());
    std::vector<int> selected;
    for (int i = 0; i < count; ++i) selected.push_back(std::get<2>(rank[size_t(i)]));
    std::sort(selected.begin(), selected.end());
    return selected;
}

}  // namespace ivid

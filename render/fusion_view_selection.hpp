// Which source views the depth-aware blend draws for a target camera. Its target-view (ULR) term
// weighs a view, at each surface point, by the angle between the target ray and that view's ray:
// where a view posed nearer the target sees the point, views posed far away get ~no weight, so
// drawing only a few views saves most of the work. Which few is decided on a coarse grid of target
// rays, each at two depths (the depth of the point the scene's views look at, their focus, and
// three times it): every grid point goes to the view that sees it at the smallest angle, and the
// views that win the most points are drawn. So the nearest views fill the middle of the frame and
// views posed farther out still fill the parts only they see (the sides of a wide window).
#pragma once

#include <vector>

#include <glm/glm.hpp>

#include "core/scene/scene.hpp"

namespace ivid {

// A source view as the selection sees it.
struct SourceCamera {
    glm::vec3 centre;           // world space
    glm::mat4 clip_from_world;  // its projection x modelview; it sees what lands inside its clip box
};

// The scene's views as cameras with the given projection (the fusion renderer's near/far).
std::vector<SourceCamera> source_cameras(const Scene& scene, float near, float far);

// The point the views look at: the mean, over views, of the point on each camera's viewing axis at
// that view's median depth (the origin for a scene without views).
glm::vec3 scene_focus(const Scene& scene);

// Of `candidates` (indices into `sources`), the `count` that win the most grid points of the frame
// seen by target_projection x target_modelview (ties, and views that win none, by the smallest
// angle at the focus depth on the target's axis, then the lower index), in ascending index order:
// the drawing order, and with it the frame, is unchanged when all are kept. count <= 0 or
// >= candidates.size(): all of them.
std::vector<int> select_views(const std::vector<SourceCamera>& sources, const std::vector<int>& candidates,
                              const glm::mat4& target_modelview, const glm::mat4& target_projection,
                              const glm::vec3& focus, int count);

}  // namespace ivid

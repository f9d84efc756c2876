// A view's depth meshed as IVID's render.py meshes it (the scene's meshing tolerances), with the
// discontinuity cuts applied: only the faces none of whose corners lies on a depth edge, and only
// the pixels those faces use. Every mesh, point and splat export starts from these surfaces, so
// they all drop the same "flying" pixels at depth edges.
#pragma once

#include <cstdint>
#include <vector>

#include <glm/glm.hpp>

#include "core/scene/scene.hpp"
#include "core/scene/scene_meshing.hpp"

namespace ivid {

struct ViewSurface {
    int view = 0;                      // index of the view in its scene
    glm::vec3 eye{0.0f};               // the view's camera centre, world space
    glm::vec3 axis{0.0f, 0.0f, -1.0f};  // the view's viewing direction (its camera's -z), world space
    std::vector<glm::vec3> positions;  // world space
    std::vector<glm::vec3> normals;    // world space, unit, facing the view's camera
    std::vector<glm::u8vec3> colors;   // the view's 8-bit sRGB colour
    std::vector<float> depths;         // z-depth in the view's camera
    std::vector<glm::ivec2> pixels;    // (row, column) in the view
    std::vector<glm::uvec3> faces;     // indices into the arrays above
};

ViewSurface view_surface(const Scene& scene, int view, const MeshingTolerances& meshing);

// One surface per view, in view order.
std::vector<ViewSurface> scene_surfaces(const Scene& scene, const MeshingTolerances& meshing);

// Drops every point of view k that an earlier view already shows: it projects inside that view's
// image onto a pixel of its surface whose z-depth agrees within `relative_tolerance` of the point's.
// Faces that lose a corner are dropped with it. Returns how many points were removed.
size_t remove_overlaps(const Scene& scene, std::vector<ViewSurface>& surfaces, double relative_tolerance = 0.02);

size_t point_count(const std::vector<ViewSurface>& surfaces);
size_t face_count(const std::vector<ViewSurface>& surfaces);

}  // namespace ivid

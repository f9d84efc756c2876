// Analytic solids for the synthetic world. A Solid is the intersection of convex pieces
// (half-spaces, ellipsoids, vertical cylinders and cones), so a ray meets it in one interval
// whose entry point and normal are exact: boxes, roofs, cut spheres and tree cones are all
// built this way. Objects made of several solids are unions (the nearest entry wins).
#pragma once

#include <vector>

#include <glm/glm.hpp>

namespace ivid::synth {

struct Ray {
    glm::dvec3 origin;
    glm::dvec3 dir;  // unit length
};

struct ConvexPiece {
    enum class Kind { HalfSpace, Ellipsoid, Cylinder, Cone };
    Kind kind;
    glm::dvec3 a;     // HalfSpace: unit normal (inside: dot(a, p) <= d); Ellipsoid: centre;
                      // Cylinder: axis point (y unused); Cone: apex
    glm::dvec3 b{0};  // Ellipsoid: radii; Cylinder: b.x = radius; Cone: b.x = radius per unit below apex
    double d = 0.0;   // HalfSpace offset
};

struct Solid {
    std::vector<ConvexPiece> pieces;
    int material = 0;
    glm::dvec3 bound_centre{0.0};  // bounding sphere, for quick rejection
    double bound_radius = 0.0;

    // Entry of the ray into the solid within (tmin, tmax): distance and outward unit normal.
    bool intersect(const Ray& ray, double tmin, double tmax, double& t, glm::dvec3& normal) const;
    // Signed distance-like value: < 0 inside, 0 on the surface, > 0 outside (exact for
    // half-spaces, cylinders and cones; scaled by the smallest radius for ellipsoids).
    double residual(const glm::dvec3& p) const;
};

Solid make_ellipsoid(const glm::dvec3& centre, const glm::dvec3& radii, int material);
// Vertical cylinder standing on `base` (centre of the bottom disc).
Solid make_cylinder(const glm::dvec3& base, double radius, double height, int material);
// Vertical cone (apex up) standing on `base`.
Solid make_cone(const glm::dvec3& base, double radius, double height, int material);
// Box with half extents `half`, rotated by `yaw` radians about the vertical axis.
Solid make_box(const glm::dvec3& centre, const glm::dvec3& half, double yaw, int material);
// Gable roof: a prism over a (2*half.x) x (2*half.z) footprint whose ridge runs along local x,
// `height` above `base_centre`, rotated by yaw.
Solid make_roof(const glm::dvec3& base_centre, const glm::dvec3& half, double height, double yaw, int material);
// Square pyramid (obelisk tip) on `base_centre`.
Solid make_pyramid(const glm::dvec3& base_centre, double half_width, double height, double yaw, int material);
// Ellipsoid keeping only the part above the plane y = cut_y (mushroom caps, domes).
Solid make_cut_ellipsoid(const glm::dvec3& centre, const glm::dvec3& radii, double cut_y, int material);

}  // namespace ivid::synth

#include "core/scene/synth_shapes.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ivid::synth {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();

// The part of a ray inside one convex piece: [t0, t1] and the normal where it enters.
struct Interval {
    double t0 = -kInf, t1 = kInf;
    glm::dvec3 n0{0.0};
    bool empty() const { return !(t0 <= t1); }
};

const Interval kEmpty{kInf, -kInf, glm::dvec3(0.0)};

// Real roots of a t^2 + b t + c = 0 in ascending order; false when there are none.
bool solve_quadratic(double a, double b, double c, double& r0, double& r1) {
    if (std::fabs(a) < 1e-14) {
        if (std::fabs(b) < 1e-14) return false;
        r0 = r1 = -c / b;
        return true;
    }
    double disc = b * b - 4.0 * a * c;
    if (disc < 0.0) return false;
    // Numerically stable form (no cancellation between -b and sqrt(disc)).
    double q = -0.5 * (b + std::copysign(std::sqrt(disc), b));
    r0 = q / a;
    r1 = q != 0.0 ? c / q : r0;
    if (r0 > r1) std::swap(r0, r1);
    return true;
}

Interval half_space_interval(const ConvexPiece& p, const Ray& r) {
    double dn = glm::dot(p.a, r.dir), on = glm::dot(p.a, r.origin) - p.d;
    if (std::fabs(dn) < 1e-15) return on <= 0.0 ? Interval{} : kEmpty;
    double t = -on / dn;
    if (dn < 0.0) return Interval{t, kInf, p.a};
    return Interval{-kInf, t, glm::dvec3(0.0)};
}

Interval ellipsoid_interval(const ConvexPiece& p, const Ray& r) {
    glm::dvec3 o = (r.origin - p.a) / p.b, d = r.dir / p.b;
    double t0, t1;
    if (!solve_quadratic(glm::dot(d, d), 2.0 * glm::dot(o, d), glm::dot(o, o) - 1.0, t0, t1)) return kEmpty;
    glm::dvec3 q = (r.origin + t0 * r.dir - p.a) / (p.b * p.b);
    return Interval{t0, t1, glm::normalize(q)};
}

Interval cylinder_interval(const ConvexPiece& p, const Ray& r) {
    double ox = r.origin.x - p.a.x, oz = r.origin.z - p.a.z, rad = p.b.x;
    double a = r.dir.x * r.dir.x + r.dir.z * r.dir.z;
    double c = ox * ox + oz * oz - rad * rad;
    if (a < 1e-15) return c <= 0.0 ? Interval{} : kEmpty;
    double t0, t1;
    if (!solve_quadratic(a, 2.0 * (ox * r.dir.x + oz * r.dir.z), c, t0, t1)) return kEmpty;
    glm::dvec3 q = r.origin + t0 * r.dir - p.a;
    return Interval{t0, t1, glm::normalize(glm::dvec3(q.x, 0.0, q.z))};
}

// Solid lower cone: radial distance <= k * (apex.y - y) with y <= apex.y. Convex, so the ray
// meets it in one interval; the quadratic's roots also describe the upper nappe, which the
// half-line y <= apex.y removes.
Interval cone_interval(const ConvexPiece& p, const Ray& r) {
    double k2 = p.b.x * p.b.x;
    double x0 = r.origin.x - p.a.x, z0 = r.origin.z - p.a.z, w0 = p.a.y - r.origin.y;
    double a = r.dir.x * r.dir.x + r.dir.z * r.dir.z - k2 * r.dir.y * r.dir.y;
    double b = 2.0 * (x0 * r.dir.x + z0 * r.dir.z + k2 * w0 * r.dir.y);
    double c = x0 * x0 + z0 * z0 - k2 * w0 * w0;
    // Where the quadratic is <= 0: one or two intervals.
    Interval parts[2] = {kEmpty, kEmpty};
    double t0, t1;
    if (!solve_quadratic(a, b, c, t0, t1)) {
        if (a < 0.0) parts[0] = Interval{};  // negative everywhere
    } else if (std::fabs(a) < 1e-14) {
        parts[0] = b > 0.0 ? Interval{-kInf, t0, glm::dvec3(0.0)} : Interval{t0, kInf, glm::dvec3(0.0)};
    } else if (a > 0.0) {
        parts[0] = Interval{t0, t1, glm::dvec3(0.0)};
    } else {
        parts[0] = Interval{-kInf, t0, glm::dvec3(0.0)};
        parts[1] = Interval{t1, kInf, glm::dvec3(0.0)};
    }
    // Half-line w(t) = w0 - t dir.y >= 0.
    Interval below{};
    if (std::fabs(r.dir.y) < 1e-15) {
        if (w0 < 0.0) return kEmpty;
    } else if (r.dir.y > 0.0) {
        below.t1 = w0 / r.dir.y;
    } else {
        below.t0 = w0 / r.dir.y;
    }
    Interval out = kEmpty;
    for (const Interval& part : parts) {
        Interval clipped{std::max(part.t0, below.t0), std::min(part.t1, below.t1), glm::dvec3(0.0)};
        if (clipped.empty()) continue;
        out.t0 = std::min(out.t0, clipped.t0);
        out.t1 = std::max(out.t1, clipped.t1);
    }
    if (out.empty() || !std::isfinite(out.t0)) return out;
    glm::dvec3 q = r.origin + out.t0 * r.dir;
    double w = p.a.y - q.y;
    glm::dvec3 grad(q.x - p.a.x, k2 * w, q.z - p.a.z);
    out.n0 = glm::length(grad) > 0.0 ? glm::normalize(grad) : glm::dvec3(0, 1, 0);
    return out;
}

Interval piece_interval(const ConvexPiece& p, const Ray& r) {
    switch (p.kind) {
        case ConvexPiece::Kind::HalfSpace: return half_space_interval(p, r);
        case ConvexPiece::Kind::Ellipsoid: return ellipsoid_interval(p, r);
        case ConvexPiece::Kind::Cylinder: return cylinder_interval(p, r);
        case ConvexPiece::Kind::Cone: return cone_interval(p, r);
    }
    return kEmpty;
}

double piece_residual(const ConvexPiece& p, const glm::dvec3& q) {
    switch (p.kind) {
        case ConvexPiece::Kind::HalfSpace: return glm::dot(p.a, q) - p.d;
        case ConvexPiece::Kind::Ellipsoid: {
            double rmin = std::min(p.b.x, std::min(p.b.y, p.b.z));
            return (glm::length((q - p.a) / p.b) - 1.0) * rmin;
        }
        case ConvexPiece::Kind::Cylinder: return std::hypot(q.x - p.a.x, q.z - p.a.z) - p.b.x;
        case ConvexPiece::Kind::Cone: {
            double k = p.b.x, w = p.a.y - q.y;
            double lateral = (std::hypot(q.x - p.a.x, q.z - p.a.z) - k * w) / std::sqrt(1.0 + k * k);
            return std::max(lateral, -w);
        }
    }
    return kInf;
}

ConvexPiece half_space(const glm::dvec3& normal, const glm::dvec3& point) {
    glm::dvec3 n = glm::normalize(normal);
    return ConvexPiece{ConvexPiece::Kind::HalfSpace, n, glm::dvec3(0.0), glm::dot(n, point)};
}

// Horizontal unit vectors of a frame rotated by yaw about +y.
glm::dvec3 yaw_x(double yaw) { return glm::dvec3(std::cos(yaw), 0.0, -std::sin(yaw)); }
glm::dvec3 yaw_z(double yaw) { return glm::dvec3(std::sin(yaw), 0.0, std::cos(yaw)); }

Solid solid(std::vector<ConvexPiece> pieces, int material, const glm::dvec3& centre, double radius) {
    Solid s;
    s.pieces = std::move(pieces);
    s.material = material;
    s.bound_centre = centre;
    s.bound_radius = radius;
    return s;
}

}  // namespace

bool Solid::intersect(const Ray& ray, double tmin, double tmax, double& t, glm::dvec3& normal) const {
    // Bounding sphere rejection.
    glm::dvec3 oc = ray.origin - bound_centre;
    double b = glm::dot(oc, ray.dir), c = glm::dot(oc, oc) - bound_radius * bound_radius;
    if (c > 0.0 && (b > 0.0 || b * b - c < 0.0)) return false;
    double t0 = -kInf, t1 = kInf;
    glm::dvec3 n0(0.0);
    for (const ConvexPiece& p : pieces) {
        Interval iv = piece_interval(p, ray);
        if (iv.empty()) return false;
        if (iv.t0 > t0) {
            t0 = iv.t0;
            n0 = iv.n0;
        }
        t1 = std::min(t1, iv.t1);
        if (t0 > t1) return false;
    }
    // Rays starting inside (t0 <= tmin) do not count: surfaces are entered, never left.
    if (!(t0 > tmin && t0 < tmax)) return false;
    t = t0;
    normal = n0;
    return true;
}

double Solid::residual(const glm::dvec3& p) const {
    double r = -kInf;
    for (const ConvexPiece& piece : pieces) r = std::max(r, piece_residual(piece, p));
    return r;
}

Solid make_ellipsoid(const glm::dvec3& centre, const glm::dvec3& radii, int material) {
    return solid({ConvexPiece{ConvexPiece::Kind::Ellipsoid, centre, radii, 0.0}}, material, centre,
                 std::max(radii.x, std::max(radii.y, radii.z)) * 1.0001);
}

Solid make_cylinder(const glm::dvec3& base, double radius, double height, int material) {
    glm::dvec3 top = base + glm::dvec3(0, height, 0);
    return solid({ConvexPiece{ConvexPiece::Kind::Cylinder, base, glm::dvec3(radius, 0, 0), 0.0},
                  half_space({0, -1, 0}, base), half_space({0, 1, 0}, top)},
                 material, base + glm::dvec3(0, height / 2, 0), std::hypot(radius, height / 2) * 1.0001);
}

Solid make_cone(const glm::dvec3& base, double radius, double height, int material) {
    glm::dvec3 apex = base + glm::dvec3(0, height, 0);
    double r = std::max(radius, height / 2);
    return solid({ConvexPiece{ConvexPiece::Kind::Cone, apex, glm::dvec3(radius / height, 0, 0), 0.0},
                  half_space({0, -1, 0}, base)},
                 material, base + glm::dvec3(0, height / 2, 0), std::hypot(r, height / 2) * 1.0001);
}

Solid make_box(const glm::dvec3& centre, const glm::dvec3& half, double yaw, int material) {
    glm::dvec3 ax = yaw_x(yaw), az = yaw_z(yaw), ay(0, 1, 0);
    std::vector<ConvexPiece> pieces;
    for (double s : {-1.0, 1.0}) {
        pieces.push_back(half_space(s * ax, centre + s * half.x * ax));
        pieces.push_back(half_space(s * ay, centre + s * half.y * ay));
        pieces.push_back(half_space(s * az, centre + s * half.z * az));
    }
    return solid(std::move(pieces), material, centre, glm::length(half) * 1.0001);
}

Solid make_roof(const glm::dvec3& base_centre, const glm::dvec3& half, double height, double yaw, int material) {
    glm::dvec3 ax = yaw_x(yaw), az = yaw_z(yaw), up(0, 1, 0);
    glm::dvec3 ridge = base_centre + height * up;
    std::vector<ConvexPiece> pieces{half_space(-up, base_centre), half_space(ax, base_centre + half.x * ax),
                                    half_space(-ax, base_centre - half.x * ax)};
    // The two slopes pass through the ridge and the eaves at +-half.z.
    for (double s : {-1.0, 1.0}) {
        glm::dvec3 slope_normal = glm::normalize(s * az * height + up * half.z);
        pieces.push_back(half_space(slope_normal, ridge));
    }
    glm::dvec3 centre = base_centre + 0.5 * height * up;
    return solid(std::move(pieces), material, centre, glm::length(glm::dvec3(half.x, height / 2, half.z)) * 1.0001);
}

Solid make_pyramid(const glm::dvec3& base_centre, double half_width, double height, double yaw, int material) {
    glm::dvec3 up(0, 1, 0), apex = base_centre + height * up;
    std::vector<ConvexPiece> pieces{half_space(-up, base_centre)};
    for (const glm::dvec3& side : {yaw_x(yaw), -yaw_x(yaw), yaw_z(yaw), -yaw_z(yaw)})
        pieces.push_back(half_space(side * height + up * half_width, apex));
    double r = std::max(half_width * std::sqrt(2.0), height / 2);
    return solid(std::move(pieces), material, base_centre + 0.5 * height * up, std::hypot(r, height / 2) * 1.0001);
}

Solid make_cut_ellipsoid(const glm::dvec3& centre, const glm::dvec3& radii, double cut_y, int material) {
    Solid s = make_ellipsoid(centre, radii, material);
    s.pieces.push_back(half_space({0, -1, 0}, glm::dvec3(0, cut_y, 0)));
    return s;
}

}  // namespace ivid::synth

#include "core/scene/synth_objects.hpp"

#include <algorithm>
#include <cmath>

namespace ivid::synth {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kSubjectLimit = 0.4;     // max of |p_xz| + 0.3 |p_y| over the subject
constexpr double kScatterInner = 1.5;     // scattered objects stay outside this radius
constexpr double kScatterOuter = SynthWorld::kDomeRadius - 0.1;

using Pattern = Material::Pattern;

int add_material(SynthWorld& w, Pattern pattern, const glm::dvec3& base, const glm::dvec3& alt, double scale,
                 double specular = 0.0) {
    w.materials.push_back(Material{pattern, base, alt, scale, specular});
    return int(w.materials.size()) - 1;
}

glm::dvec3 around(double angle, double radius) { return {radius * std::sin(angle), 0.0, radius * std::cos(angle)}; }

// ---- object kinds shared by the subject and the scattered objects --------------------------

void boulder(std::vector<Solid>& out, Rng& rng, const glm::dvec3& g, double size, int mat) {
    glm::dvec3 r(0.5 * size * rng.uniform(0.8, 1.2), 0.36 * size * rng.uniform(0.8, 1.2),
                 0.45 * size * rng.uniform(0.8, 1.2));
    out.push_back(make_ellipsoid(g + glm::dvec3(0, 0.7 * r.y, 0), r, mat));
    int extra = 1 + rng.below(3);
    for (int i = 0; i < extra; ++i) {
        double a = rng.uniform(0, 2 * kPi), s = rng.uniform(0.35, 0.6);
        glm::dvec3 c = g + around(a, r.x * rng.uniform(0.5, 0.9)) + glm::dvec3(0, 0.5 * s * r.y, 0);
        out.push_back(make_ellipsoid(c, r * s * glm::dvec3(rng.uniform(0.8, 1.2), 1.0, rng.uniform(0.8, 1.2)), mat));
    }
}

void tree(std::vector<Solid>& out, Rng& rng, const glm::dvec3& g, double size, int bark, int leaves) {
    double trunk_h = 0.55 * size;
    out.push_back(make_cylinder(g - glm::dvec3(0, 0.02 * size, 0), 0.045 * size, trunk_h + 0.1 * size, bark));
    glm::dvec3 crown = g + glm::dvec3(0, 0.72 * size, 0);
    out.push_back(make_ellipsoid(crown, glm::dvec3(0.27, 0.24, 0.27) * size, leaves));
    int blobs = 2 + rng.below(3);
    for (int i = 0; i < blobs; ++i) {
        double a = rng.uniform(0, 2 * kPi), s = rng.uniform(0.14, 0.2) * size;
        out.push_back(make_ellipsoid(crown + around(a, 0.17 * size) + glm::dvec3(0, rng.uniform(-0.1, 0.08) * size, 0),
                                     glm::dvec3(s, 0.9 * s, s), leaves));
    }
}

void conifer(std::vector<Solid>& out, Rng& rng, const glm::dvec3& g, double size, int bark, int needles) {
    out.push_back(make_cylinder(g - glm::dvec3(0, 0.02 * size, 0), 0.035 * size, 0.3 * size, bark));
    double tiers = 3 + rng.below(2), base = 0.15 * size, radius = 0.3 * size;
    for (int i = 0; i < tiers; ++i) {
        double h = radius * 1.6;
        out.push_back(make_cone(g + glm::dvec3(0, base, 0), radius, h, needles));
        base += h * 0.45;
        radius *= 0.75;
    }
}

void bush(std::vector<Solid>& out, Rng& rng, const glm::dvec3& g, double size, int leaves) {
    int blobs = 2 + rng.below(3);
    for (int i = 0; i < blobs; ++i) {
        double a = rng.uniform(0, 2 * kPi), s = rng.uniform(0.3, 0.45) * size;
        out.push_back(make_ellipsoid(g + around(a, rng.uniform(0.0, 0.3) * size) + glm::dvec3(0, 0.25 * s, 0),
                                     glm::dvec3(s, 0.8 * s, s), leaves));
    }
}

// ---- subjects (sizes are overall heights above the ground point) --------------------------

void house(SynthWorld& w, std::vector<Solid>& out, Rng& rng, const glm::dvec3& g, double size) {
    double yaw = rng.uniform(-0.9, 0.9);
    glm::dvec3 half(0.28, 0.2, 0.22);
    half *= size;
    const glm::dvec3 walls[] = {glm::dvec3(0.85, 0.8, 0.7), glm::dvec3(0.75, 0.45, 0.35), glm::dvec3(0.9, 0.9, 0.85),
                                glm::dvec3(0.55, 0.4, 0.28)};
    const glm::dvec3 roofs[] = {glm::dvec3(0.55, 0.15, 0.1), glm::dvec3(0.25, 0.27, 0.3), glm::dvec3(0.4, 0.25, 0.15)};
    glm::dvec3 wall = walls[rng.below(4)], roof_colour = roofs[rng.below(3)];
    int wall_mat = add_material(w, rng.chance(0.5) ? Pattern::Planks : Pattern::Plain, wall * wall, wall * wall * 0.8, 40);
    int roof_mat = add_material(w, Pattern::Planks, roof_colour * roof_colour, roof_colour * roof_colour * 0.6, 60);
    int dark = add_material(w, Pattern::Plain, glm::dvec3(0.03, 0.035, 0.045), glm::dvec3(0.05), 20, 0.4);
    int wood = add_material(w, Pattern::Planks, glm::dvec3(0.2, 0.1, 0.05), glm::dvec3(0.12, 0.06, 0.03), 80);
    out.push_back(make_box(g + glm::dvec3(0, half.y - 0.02 * size, 0), half, yaw, wall_mat));
    glm::dvec3 eaves = g + glm::dvec3(0, 2 * half.y - 0.02 * size, 0);
    out.push_back(make_roof(eaves, glm::dvec3(half.x * 1.12, 0, half.z * 1.2), 0.3 * size, yaw, roof_mat));
    glm::dvec3 ax(std::cos(yaw), 0, -std::sin(yaw)), az(std::sin(yaw), 0, std::cos(yaw));
    out.push_back(make_box(eaves + ax * (half.x * 0.5) + az * (half.z * 0.45) + glm::dvec3(0, 0.18 * size, 0),
                           glm::dvec3(0.035, 0.09, 0.035) * size, yaw, wall_mat));
    // Door and windows protrude slightly from the front and back walls.
    for (double side : {1.0, -1.0}) {
        glm::dvec3 face = g + az * (side * (half.z + 0.006 * size));
        out.push_back(make_box(face + ax * (-0.12 * size) + glm::dvec3(0, 0.1 * size, 0),
                               glm::dvec3(0.05, 0.11, 0.008) * size, yaw, side > 0 ? wood : dark));
        out.push_back(make_box(face + ax * (0.12 * size) + glm::dvec3(0, 0.22 * size, 0),
                               glm::dvec3(0.06, 0.05, 0.008) * size, yaw, dark));
    }
}

void mushroom(SynthWorld& w, std::vector<Solid>& out, Rng& rng, const glm::dvec3& g, double size) {
    const glm::dvec3 caps[] = {glm::dvec3(0.75, 0.06, 0.04), glm::dvec3(0.55, 0.3, 0.12), glm::dvec3(0.85, 0.55, 0.1)};
    glm::dvec3 cap_colour = caps[rng.below(3)];
    int cap = add_material(w, Pattern::Spots, cap_colour, glm::dvec3(0.85, 0.82, 0.75), 9.0, 0.3);
    int stem = add_material(w, Pattern::Plain, glm::dvec3(0.8, 0.75, 0.62), glm::dvec3(0.7, 0.65, 0.5), 30);
    auto one = [&](const glm::dvec3& base, double s) {
        double stem_h = 0.62 * s;
        out.push_back(make_cylinder(base - glm::dvec3(0, 0.02 * s, 0), 0.07 * s, stem_h + 0.02 * s, stem));
        glm::dvec3 c = base + glm::dvec3(0, stem_h - 0.05 * s, 0);
        out.push_back(make_cut_ellipsoid(c, glm::dvec3(0.32, 0.36, 0.32) * s, c.y + 0.02 * s, cap));
    };
    one(g, size);
    int small = rng.below(3);
    for (int i = 0; i < small; ++i)
        one(g + around(rng.uniform(0, 2 * kPi), 0.2 * size), size * rng.uniform(0.3, 0.45));
}

void cairn(SynthWorld& w, std::vector<Solid>& out, Rng& rng, const glm::dvec3& g, double size, const Palette& p) {
    int stone = add_material(w, Pattern::Rock, p.rock * 1.1, p.rock_alt, 14);
    int count = 4 + rng.below(3);
    double y = 0.0, r = 0.26 * size;
    for (int i = 0; i < count; ++i) {
        double hr = r * rng.uniform(0.38, 0.5);
        glm::dvec3 c = g + around(rng.uniform(0, 2 * kPi), rng.uniform(0.0, 0.1) * r) + glm::dvec3(0, y + hr * 0.85, 0);
        out.push_back(make_ellipsoid(c, glm::dvec3(r, hr, r * rng.uniform(0.8, 1.0)), stone));
        y += hr * 1.65;
        r *= rng.uniform(0.72, 0.85);
    }
}

void statue(SynthWorld& w, std::vector<Solid>& out, Rng& rng, const glm::dvec3& g, double size) {
    bool bronze = rng.chance(0.4);
    int stone = add_material(w, Pattern::Marble, glm::dvec3(0.75, 0.73, 0.7), glm::dvec3(0.45, 0.45, 0.47), 12);
    int top = bronze ? add_material(w, Pattern::Rock, glm::dvec3(0.18, 0.32, 0.25), glm::dvec3(0.3, 0.18, 0.08), 25, 0.5)
                     : stone;
    double yaw = rng.uniform(-0.8, 0.8);
    out.push_back(make_box(g + glm::dvec3(0, 0.06 * size, 0), glm::dvec3(0.22, 0.08, 0.22) * size, yaw, stone));
    out.push_back(make_box(g + glm::dvec3(0, 0.17 * size, 0), glm::dvec3(0.16, 0.04, 0.16) * size, yaw, stone));
    glm::dvec3 plinth = g + glm::dvec3(0, 0.21 * size, 0);
    switch (rng.below(3)) {
        case 0:  // obelisk
            out.push_back(make_box(plinth + glm::dvec3(0, 0.25 * size, 0), glm::dvec3(0.07, 0.25, 0.07) * size, yaw, top));
            out.push_back(make_pyramid(plinth + glm::dvec3(0, 0.5 * size, 0), 0.07 * size, 0.12 * size, yaw, top));
            break;
        case 1:  // column with an orb
            out.push_back(make_cylinder(plinth, 0.07 * size, 0.45 * size, stone));
            out.push_back(make_ellipsoid(plinth + glm::dvec3(0, 0.55 * size, 0), glm::dvec3(0.11 * size), top));
            break;
        default:  // abstract figure: cone body, sphere head
            out.push_back(make_cone(plinth, 0.13 * size, 0.45 * size, top));
            out.push_back(make_ellipsoid(plinth + glm::dvec3(0, 0.47 * size, 0), glm::dvec3(0.08 * size), top));
            break;
    }
}

void snowman(SynthWorld& w, std::vector<Solid>& out, Rng& rng, const glm::dvec3& g, double size) {
    int snow = add_material(w, Pattern::Plain, glm::dvec3(0.85, 0.87, 0.9), glm::dvec3(0.75, 0.78, 0.85), 20);
    int coal = add_material(w, Pattern::Plain, glm::dvec3(0.02), glm::dvec3(0.03), 20, 0.3);
    int carrot = add_material(w, Pattern::Plain, glm::dvec3(0.9, 0.3, 0.03), glm::dvec3(0.8, 0.25, 0.02), 20);
    double r0 = 0.2 * size, r1 = 0.14 * size, r2 = 0.1 * size;
    double y1 = r0 * 1.7, y2 = y1 + r1 * 1.6;
    out.push_back(make_ellipsoid(g + glm::dvec3(0, r0 * 0.9, 0), glm::dvec3(r0), snow));
    out.push_back(make_ellipsoid(g + glm::dvec3(0, y1, 0), glm::dvec3(r1), snow));
    out.push_back(make_ellipsoid(g + glm::dvec3(0, y2, 0), glm::dvec3(r2), snow));
    double face = rng.uniform(-0.5, 0.5);
    glm::dvec3 fwd(std::sin(face), 0, std::cos(face));
    out.push_back(make_ellipsoid(g + glm::dvec3(0, y2, 0) + fwd * (r2 * 1.2),
                                 glm::dvec3(0.02 * size) + glm::abs(fwd) * 0.04 * size, carrot));
    for (double s : {-1.0, 1.0}) {
        glm::dvec3 side(std::cos(face) * s, 0, -std::sin(face) * s);
        out.push_back(make_ellipsoid(g + glm::dvec3(0, y2 + 0.35 * r2, 0) + fwd * (r2 * 0.9) + side * (r2 * 0.4),
                                     glm::dvec3(0.013 * size), coal));
    }
    out.push_back(make_cylinder(g + glm::dvec3(0, y2 + 0.75 * r2, 0), 0.07 * size, 0.1 * size, coal));
}

// Max of |p_xz| + 0.3 |p_y| over a solid, found on a grid over its bounding sphere plus the
// grid's own uncertainty.
double near_extent(const Solid& s) {
    const int n = 20;
    double step = 2.0 * s.bound_radius / n, worst = 0.0;
    for (int i = 0; i <= n; ++i)
        for (int j = 0; j <= n; ++j)
            for (int k = 0; k <= n; ++k) {
                glm::dvec3 p = s.bound_centre + glm::dvec3(i, j, k) * step - glm::dvec3(s.bound_radius);
                if (s.residual(p) > 0.0) continue;
                worst = std::max(worst, std::hypot(p.x, p.z) + 0.3 * std::fabs(p.y));
            }
    return worst + step * 1.5;
}

void build_subject(SynthWorld& w, std::vector<Solid>& out, Rng& rng, const Palette& p, const glm::dvec3& g,
                   double size) {
    switch (w.subject) {
        case SubjectKind::Boulder:
            boulder(out, rng, g, size * 1.1, add_material(w, Pattern::Rock, p.rock, p.rock_alt, 9));
            break;
        case SubjectKind::Tree:
            tree(out, rng, g, size, add_material(w, Pattern::Bark, p.bark, p.bark * 0.5, 30),
                 add_material(w, Pattern::Foliage, p.foliage, p.foliage_alt, 14));
            break;
        case SubjectKind::Conifer:
            conifer(out, rng, g, size, add_material(w, Pattern::Bark, p.bark, p.bark * 0.5, 30),
                    add_material(w, Pattern::Foliage, glm::dvec3(0.05, 0.14, 0.07),
                                 w.snow ? glm::dvec3(0.85, 0.88, 0.93) : glm::dvec3(0.1, 0.2, 0.08), 16));
            break;
        case SubjectKind::House: house(w, out, rng, g, size); break;
        case SubjectKind::Mushroom: mushroom(w, out, rng, g, size); break;
        case SubjectKind::Cairn: cairn(w, out, rng, g, size, p); break;
        case SubjectKind::Statue: statue(w, out, rng, g, size); break;
        case SubjectKind::Snowman: snowman(w, out, rng, g, size); break;
    }
}

}  // namespace

void add_subject(SynthWorld& w, Rng& rng, const Palette& palette, const glm::dvec3& ground) {
    const int kinds = w.snow ? 8 : 7;  // snowmen only in winter
    w.subject = SubjectKind(rng.below(kinds));
    const glm::dvec3 g = ground - glm::dvec3(0, 0.01, 0);  // sink slightly so nothing floats
    double size = rng.uniform(0.7, 0.85);
    const Rng start = rng;
    const size_t materials = w.materials.size();
    for (int attempt = 0;; ++attempt) {
        // Each attempt replays the same random choices at a smaller size.
        rng = start;
        w.materials.resize(materials);
        std::vector<Solid> out;
        build_subject(w, out, rng, palette, g, size);
        double extent = 0.0;
        for (const Solid& s : out) extent = std::max(extent, near_extent(s));
        if (extent <= kSubjectLimit || attempt == 30) {
            w.solids.insert(w.solids.begin(), out.begin(), out.end());
            w.subject_solids = out.size();
            return;
        }
        size *= 0.93;
    }
}

void add_scattered_objects(SynthWorld& w, Rng& rng, const Palette& p) {
    int bark = add_material(w, Pattern::Bark, p.bark, p.bark * 0.5, 30);
    int leaves = add_material(w, Pattern::Foliage, p.foliage, p.foliage_alt, 14);
    int needles = add_material(w, Pattern::Foliage, glm::dvec3(0.05, 0.13, 0.06),
                               w.snow ? glm::dvec3(0.85, 0.88, 0.93) : glm::dvec3(0.09, 0.18, 0.07), 16);
    int stone = add_material(w, Pattern::Rock, p.rock, p.rock_alt, 9);
    int shrub = add_material(w, Pattern::Foliage, p.foliage * 0.8, p.foliage_alt * 0.9, 20);
    double conifer_share = w.season == Season::Winter ? 0.7 : w.season == Season::Arid ? 0.05 : 0.3;
    double tree_share = w.season == Season::Arid ? 0.15 : 0.5;
    int wanted = 14 + rng.below(26);
    struct Footprint { double x, z, r; };
    std::vector<Footprint> taken;
    for (int attempt = 0; attempt < wanted * 8 && int(taken.size()) < wanted; ++attempt) {
        double a = rng.uniform(0, 2 * kPi), r = std::sqrt(rng.uniform(1.7 * 1.7, 3.6 * 3.6));
        // Favour the half-space behind the subject, which the cameras see.
        if (rng.chance(0.6)) a = kPi + rng.uniform(-1.3, 1.3);
        double x = r * std::sin(a), z = r * std::cos(a);
        double kind = rng.uniform(), size = 0.0;
        std::vector<Solid> out;
        Rng local(rng.next());
        glm::dvec3 g(x, w.terrain_height(x, z), z);
        if (w.has_water && g.y < w.water_level + 0.03) continue;
        g.y -= 0.02;
        if (kind < tree_share) {
            size = rng.uniform(0.6, 1.1);
            if (rng.chance(conifer_share)) conifer(out, local, g, size, bark, needles);
            else tree(out, local, g, size, bark, leaves);
        } else if (kind < tree_share + 0.25) {
            size = rng.uniform(0.12, 0.4);
            boulder(out, local, g, size, stone);
        } else {
            size = rng.uniform(0.2, 0.4);
            bush(out, local, g, size, shrub);
        }
        double footprint = 0.35 * size;
        bool fits = true;
        for (const Footprint& f : taken) fits = fits && std::hypot(f.x - x, f.z - z) > f.r + footprint;
        for (const Solid& s : out)
            fits = fits && std::hypot(s.bound_centre.x, s.bound_centre.z) - s.bound_radius > kScatterInner &&
                   glm::length(s.bound_centre) + s.bound_radius < kScatterOuter;
        if (!fits) continue;
        taken.push_back({x, z, footprint});
        w.solids.insert(w.solids.end(), out.begin(), out.end());
    }
}

}  // namespace ivid::synth

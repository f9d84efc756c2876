#include "core/scene/synth_render.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "core/scene/synth_noise.hpp"
#include "core/util/error.hpp"
#include "core/util/timestamp.hpp"

namespace ivid::synth {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr double kSurfaceOffset = 2e-4;  // start of secondary rays, off the surface

double smoothstep(double a, double b, double x) {
    double t = std::clamp((x - a) / (b - a), 0.0, 1.0);
    return t * t * (3.0 - 2.0 * t);
}

glm::dvec3 mix(const glm::dvec3& a, const glm::dvec3& b, double t) { return a + (b - a) * t; }

// ACES filmic curve (Narkowicz fit), then display gamma.
double tone_map(double x) {
    x = std::max(x, 0.0);
    double y = (x * (2.51 * x + 0.03)) / (x * (2.43 * x + 0.59) + 0.14);
    return std::pow(std::clamp(y, 0.0, 1.0), 1.0 / 2.2);
}

struct Hit {
    enum class Kind { Sky, Terrain, Water, Object };
    Kind kind = Kind::Sky;
    double t = kInf;
    glm::dvec3 normal{0.0};
    int solid = -1;
};

class Tracer {
public:
    explicit Tracer(const SynthWorld& w) : w_(w) {}

    // Nearest surface along the ray (the sky dome always ends it).
    Hit trace(const Ray& ray) const {
        Hit hit;
        hit.kind = Hit::Kind::Sky;
        hit.t = dome_exit(ray);
        for (size_t i = 0; i < w_.solids.size(); ++i) {
            double t;
            glm::dvec3 n;
            if (w_.solids[i].intersect(ray, 0.0, hit.t, t, n)) {
                hit = Hit{Hit::Kind::Object, t, n, int(i)};
            }
        }
        double water_t = kInf;
        if (w_.has_water && ray.dir.y < 0.0 && ray.origin.y > w_.water_level)
            water_t = (w_.water_level - ray.origin.y) / ray.dir.y;
        double t;
        if (march_terrain(ray, 0.0, std::min(hit.t, water_t), t)) return Hit{Hit::Kind::Terrain, t, terrain_normal(ray, t), -1};
        if (water_t < hit.t) return Hit{Hit::Kind::Water, water_t, glm::dvec3(0, 1, 0), -1};
        return hit;
    }

    // Linear radiance seen along the ray; bounce > 0 for reflected rays (no further mirrors).
    glm::dvec3 radiance(const Ray& ray, const Hit& hit, double travelled, int bounce) const {
        glm::dvec3 p = ray.origin + hit.t * ray.dir;
        glm::dvec3 colour;
        switch (hit.kind) {
            case Hit::Kind::Sky: colour = sky(p); break;
            case Hit::Kind::Terrain: colour = light(p, hit.normal, terrain_albedo(p, hit.normal), 0.0, ray.dir, -1); break;
            case Hit::Kind::Object: {
                const Material& m = w_.materials[size_t(w_.solids[size_t(hit.solid)].material)];
                colour = light(p, hit.normal, albedo(m, p, hit.normal), m.specular, ray.dir, hit.solid);
                break;
            }
            case Hit::Kind::Water: colour = water(ray, p, travelled + hit.t, bounce); break;
        }
        double fog = 1.0 - std::exp(-w_.fog_density * std::max(0.0, travelled + hit.t - 0.8));
        if (hit.kind == Hit::Kind::Sky) fog *= 0.5;
        return mix(colour, w_.sky_horizon * 0.95, fog);
    }

private:
    static double dome_exit(const Ray& r) {
        double b = glm::dot(r.origin, r.dir);
        double c = glm::dot(r.origin, r.origin) - SynthWorld::kDomeRadius * SynthWorld::kDomeRadius;
        return -b + std::sqrt(std::max(b * b - c, 0.0));
    }

    double height_gap(const Ray& r, double t) const {
        glm::dvec3 p = r.origin + t * r.dir;
        return p.y - w_.terrain_height(p.x, p.z);
    }

    // Heightfield ray marching with steps bounded by the terrain's slope (a step never passes
    // through the surface unless the gap is below the minimum step), then root refinement.
    bool march_terrain(const Ray& r, double t0, double t1, double& t_hit) const {
        const double top = w_.terrain_max_height;
        if (r.origin.y > top) {
            if (r.dir.y >= 0.0) return false;
            t0 = std::max(t0, (top - r.origin.y) / r.dir.y);
        }
        if (r.dir.y > 0.0) t1 = std::min(t1, (top - r.origin.y) / r.dir.y);
        if (!(t0 < t1)) return false;
        const double rate = std::fabs(r.dir.y) + w_.terrain_lipschitz * std::hypot(r.dir.x, r.dir.z);
        double t = t0, f = height_gap(r, t);
        if (f < 0.0) return false;  // started below the ground: not a visible surface
        for (int i = 0; i < 600 && t < t1; ++i) {
            double step = std::max(f / rate, 4e-4 + 1.5e-3 * t);
            double tn = std::min(t + step, t1);
            double fn = height_gap(r, tn);
            if (fn < 0.0) {
                t_hit = refine_root(r, t, f, tn, fn);
                return true;
            }
            t = tn;
            f = fn;
        }
        return false;
    }

    // Illinois variant of regula falsi on the bracket f(a) > 0 > f(b): superlinear and safe.
    double refine_root(const Ray& r, double a, double fa, double b, double fb) const {
        int side = 0;
        for (int i = 0; i < 60 && b - a > 1e-12; ++i) {
            double c = (a * fb - b * fa) / (fb - fa);
            double fc = height_gap(r, c);
            if (std::fabs(fc) < 1e-13) return c;
            if (fc > 0.0) {
                a = c, fa = fc;
                if (side == 1) fb *= 0.5;
                side = 1;
            } else {
                b = c, fb = fc;
                if (side == -1) fa *= 0.5;
                side = -1;
            }
        }
        return 0.5 * (a + b);
    }

    glm::dvec3 terrain_normal(const Ray& r, double t) const {
        glm::dvec3 p = r.origin + t * r.dir;
        const double e = 2e-3;
        double gx = w_.terrain_height(p.x + e, p.z) - w_.terrain_height(p.x - e, p.z);
        double gz = w_.terrain_height(p.x, p.z + e) - w_.terrain_height(p.x, p.z - e);
        return glm::normalize(glm::dvec3(-gx, 2 * e, -gz));
    }

    glm::dvec3 sky(const glm::dvec3& dome_point) const {
        glm::dvec3 e = glm::normalize(dome_point);
        glm::dvec3 colour = mix(w_.sky_horizon, w_.sky_zenith, std::pow(smoothstep(-0.05, 0.7, e.y), 0.8));
        double s = std::max(glm::dot(e, w_.sun_dir), 0.0);
        colour += w_.sun_color * (0.05 * std::pow(s, 6.0) + 0.2 * std::pow(s, 80.0));
        double cover = 0.0;
        if (e.y > 0.0) {
            // Clouds painted on the dome: the same in every view.
            double u = e.x / (e.y + 0.12) * 1.4, v = e.z / (e.y + 0.12) * 1.4;
            double c = 0.5 + 0.5 * fbm(u, v, w_.seed ^ 0xC10D, 5);
            cover = smoothstep(1.0 - w_.cloud_cover, 1.0 - w_.cloud_cover + 0.3, c) * smoothstep(0.0, 0.12, e.y);
            glm::dvec3 cloud = w_.sun_color * (0.12 + 0.12 * s) + w_.sky_zenith * 0.3 + glm::dvec3(0.3);
            colour = mix(colour, cloud, 0.9 * cover);
        }
        if (s > std::cos(0.045)) colour += w_.sun_color * 6.0 * (1.0 - cover);
        return colour;
    }

    // Soft terrain shadow and hard object shadows towards the sun; 1 = fully lit.
    double sun_visibility(const glm::dvec3& p) const {
        Ray r{p, w_.sun_dir};
        for (const Solid& s : w_.solids) {
            double t;
            glm::dvec3 n;
            if (s.intersect(r, 0.0, kInf, t, n)) return 0.0;
        }
        double lit = 1.0, t = 0.01;
        for (int i = 0; i < 40 && t < 6.0; ++i) {
            glm::dvec3 q = p + t * r.dir;
            if (q.y > w_.terrain_max_height) break;
            double gap = q.y - w_.terrain_height(q.x, q.z);
            if (gap < 0.0) return 0.0;
            lit = std::min(lit, 12.0 * gap / t);
            t += std::max(0.02, gap * 0.6);
        }
        return std::clamp(lit, 0.0, 1.0);
    }

    // Cheap occlusion: ground darkens under nearby objects, objects darken near the ground.
    double occlusion(const glm::dvec3& p, const glm::dvec3& n, int own) const {
        double ao = 1.0;
        if (own < 0) {
            for (const Solid& s : w_.solids) {
                glm::dvec3 v = s.bound_centre - p;
                double d2 = glm::dot(v, v), r2 = s.bound_radius * s.bound_radius;
                if (d2 > 9.0 * r2) continue;
                double occ = std::max(0.0, glm::dot(n, v) / std::sqrt(d2)) * std::min(1.0, 0.6 * r2 / d2);
                ao *= 1.0 - 0.6 * occ;
            }
        } else {
            ao = 0.55 + 0.45 * smoothstep(0.0, 0.12, p.y - w_.terrain_height(p.x, p.z));
        }
        return ao;
    }

    glm::dvec3 light(const glm::dvec3& p, const glm::dvec3& n, const glm::dvec3& albedo, double specular,
                     const glm::dvec3& view_dir, int own) const {
        double ndl = glm::dot(n, w_.sun_dir);
        double sun = ndl > 0.0 ? ndl * sun_visibility(p + kSurfaceOffset * n) : 0.0;
        double ao = occlusion(p, n, own);
        glm::dvec3 sky_light = (w_.sky_zenith * 0.55 + w_.sky_horizon * 0.45) * (0.6 + 0.4 * n.y) * ao;
        glm::dvec3 bounce = w_.grass * w_.sun_color * std::max(w_.sun_dir.y, 0.0) * 0.15 * (0.5 - 0.5 * n.y) * ao;
        glm::dvec3 colour = albedo * (w_.sun_color * sun + sky_light + bounce);
        if (specular > 0.0 && sun > 0.0) {
            glm::dvec3 h = glm::normalize(w_.sun_dir - view_dir);
            colour += w_.sun_color * (specular * 0.4 * sun * std::pow(std::max(glm::dot(n, h), 0.0), 40.0));
        }
        return colour;
    }

    glm::dvec3 terrain_albedo(const glm::dvec3& p, const glm::dvec3& n) const {
        const uint64_t s = w_.seed;
        double slope = 1.0 - n.y;
        glm::dvec3 c = mix(w_.grass, w_.grass_alt, smoothstep(-0.3, 0.4, fbm(p.x * 4, p.z * 4, s ^ 0x61, 3)));
        c = mix(c, w_.dirt, 0.8 * smoothstep(0.3, 0.55, fbm(p.x * 2.5 + 5, p.z * 2.5, s ^ 0x62, 3)));
        glm::dvec3 rock = w_.rock * (0.75 + 0.5 * (0.5 + 0.5 * fbm(p.x * 14, p.y * 14, p.z * 14, s ^ 0x63, 3)));
        c = mix(c, rock, smoothstep(0.28, 0.5, slope));
        if (w_.has_water) c = mix(w_.sand, c, smoothstep(0.0, 0.035, p.y - w_.water_level));
        return c * (0.85 + 0.3 * (0.5 + 0.5 * value_noise(p.x * 70, p.z * 70, s ^ 0x64)));
    }

    glm::dvec3 albedo(const Material& m, const glm::dvec3& p, const glm::dvec3& n) const {
        const uint64_t s = w_.seed ^ 0xA1B2;
        glm::dvec3 q = p * m.scale;
        switch (m.pattern) {
            case Material::Pattern::Plain:
                return m.base * (0.9 + 0.2 * (0.5 + 0.5 * value_noise(q.x, q.y, q.z, s)));
            case Material::Pattern::Rock: {
                glm::dvec3 c = mix(m.alt, m.base, 0.5 + 0.5 * fbm(q.x, q.y, q.z, s, 4));
                c *= 0.7 + 0.3 * smoothstep(0.05, 0.3, cell_distance(q.x * 0.8, q.y * 0.8, q.z * 0.8, s));
                bool mossy = w_.season == Season::Spring || w_.season == Season::Summer;
                double top = smoothstep(0.45, 0.85, n.y) * smoothstep(0.0, 0.4, fbm(q.x * 0.5, q.y * 0.5, q.z * 0.5, s ^ 7, 3));
                if (mossy) c = mix(c, w_.grass * 0.8, top);
                if (w_.snow) c = mix(c, w_.grass, smoothstep(0.5, 0.8, n.y));
                return c;
            }
            case Material::Pattern::Bark:
                return mix(m.alt, m.base, 0.5 + 0.5 * fbm(q.x, q.y * 0.12, q.z, s, 3));
            case Material::Pattern::Foliage: {
                double t = fbm(q.x, q.y, q.z, s, 3) + 0.35 * n.y;
                glm::dvec3 c = mix(m.base, m.alt, smoothstep(0.1, 0.6, t));
                return c * (0.7 + 0.3 * (0.5 + 0.5 * fbm(q.x * 3, q.y * 3, q.z * 3, s ^ 5, 2)));
            }
            case Material::Pattern::Spots:  // mushroom caps: spots on top, pale gills underneath
                if (n.y < -0.5) return m.alt * 0.55;
                return mix(m.alt, m.base, smoothstep(0.28, 0.36, cell_distance(q.x, q.y, q.z, s)));
            case Material::Pattern::Planks: {
                double band = q.y - std::floor(q.y);
                double tone = 0.5 + 0.5 * value_noise(std::floor(q.y), 0.3 * (q.x + q.z), s);
                return mix(m.alt, m.base, tone) * (band < 0.1 ? 0.65 : 1.0);
            }
            case Material::Pattern::Marble: {
                double v = std::sin(q.x + q.y * 0.7 + 5.0 * fbm(q.x * 0.5, q.y * 0.5, q.z * 0.5, s, 4));
                return mix(m.alt, m.base, 0.7 + 0.3 * v);
            }
        }
        return m.base;
    }

    glm::dvec3 water(const Ray& ray, const glm::dvec3& p, double travelled, int bounce) const {
        // Ripples only tilt the shading normal; the surface itself stays the exact plane.
        const double e = 0.004, f = 16.0;
        auto ripple = [&](double x, double z) { return fbm(x * f, z * f * 1.6, w_.seed ^ 0x3A7E, 2); };
        double gx = (ripple(p.x + e, p.z) - ripple(p.x - e, p.z)) / (2 * e);
        double gz = (ripple(p.x, p.z + e) - ripple(p.x, p.z - e)) / (2 * e);
        glm::dvec3 n = glm::normalize(glm::dvec3(-0.012 * gx, 1.0, -0.012 * gz));
        double cosi = std::max(glm::dot(-ray.dir, n), 0.0);
        double fresnel = 0.02 + 0.98 * std::pow(1.0 - cosi, 5.0);
        glm::dvec3 r = glm::reflect(ray.dir, n);
        if (r.y < 0.01) r = glm::normalize(glm::dvec3(r.x, 0.01, r.z));
        double sun = sun_visibility(p + glm::dvec3(0, kSurfaceOffset, 0));
        glm::dvec3 sky_light = w_.sky_zenith * 0.55 + w_.sky_horizon * 0.45;
        // Body colour: the lake bed shows through shallow water.
        double depth_below = w_.water_level - w_.terrain_height(p.x, p.z);
        glm::dvec3 bed = w_.sand * (w_.sun_color * (0.5 * sun * std::max(w_.sun_dir.y, 0.0)) + sky_light) * 0.6;
        glm::dvec3 body = mix(bed, w_.water_tint * (sky_light + w_.sun_color * 0.1), 1.0 - std::exp(-depth_below * 30.0));
        glm::dvec3 reflected = sky_light * 0.6;
        if (bounce == 0) {
            Ray rr{p + glm::dvec3(0, kSurfaceOffset, 0), r};
            reflected = radiance(rr, trace(rr), travelled, bounce + 1);
        }
        glm::dvec3 colour = mix(body, reflected, fresnel);
        return colour + w_.sun_color * (2.0 * sun * std::pow(std::max(glm::dot(r, w_.sun_dir), 0.0), 300.0));
    }

    const SynthWorld& w_;
};

// IVID camera model: camera-space direction of image point (u, v) in [0,1]^2.
glm::dvec3 camera_direction(double u, double v, double focal) {
    return glm::dvec3((u - 0.5) / focal, (0.5 - v) / focal, -1.0);
}

}  // namespace

SynthImage render_synth_view(const SynthWorld& world, const glm::mat4& modelview, int size, float fov_deg,
                             int samples_per_pixel, uint64_t sample_seed) {
    require(size > 0 && samples_per_pixel > 0, "render_synth_view: size and samples per pixel must be positive");
    const glm::dmat4 to_world = glm::inverse(glm::dmat4(modelview));
    const glm::dmat3 rotation(to_world);
    const glm::dvec3 eye(to_world[3]);
    const double focal = 0.5 / std::tan(double(fov_deg) * 3.14159265358979323846 / 360.0);
    const int grid = int(std::ceil(std::sqrt(double(samples_per_pixel))));
    const Tracer tracer(world);
    SynthImage out{ImageU8(size, size, 3), Image(size, size, 1)};

#pragma omp parallel for schedule(dynamic, 1)
    for (int row = 0; row < size; ++row) {
        for (int col = 0; col < size; ++col) {
            // Depth: the exact hit of the ray through the pixel centre, along the optical axis.
            glm::dvec3 centre_dir = camera_direction((col + 0.5) / size, (row + 0.5) / size, focal);
            Ray centre{eye, glm::normalize(rotation * centre_dir)};
            out.depth.at(row, col) = float(tracer.trace(centre).t / glm::length(centre_dir));

            // Colour: stratified jittered samples, tone-mapped before averaging (clean edges).
            uint64_t pixel_seed = mix64(sample_seed ^ mix64(uint64_t(row) * 0x10000u + uint64_t(col)));
            glm::dvec3 sum(0.0);
            for (int k = 0; k < samples_per_pixel; ++k) {
                uint64_t h = mix64(pixel_seed + uint64_t(k));
                int cell = k % (grid * grid);
                double ju = (cell % grid + double(h & 0xFFFFFF) / 16777216.0) / grid;
                double jv = (cell / grid + double((h >> 24) & 0xFFFFFF) / 16777216.0) / grid;
                glm::dvec3 d = camera_direction((col + ju) / size, (row + jv) / size, focal);
                Ray ray{eye, glm::normalize(rotation * d)};
                glm::dvec3 c = tracer.radiance(ray, tracer.trace(ray), 0.0, 0) * world.exposure;
                sum += glm::dvec3(tone_map(c.x), tone_map(c.y), tone_map(c.z));
            }
            for (int ch = 0; ch < 3; ++ch)
                out.color.at(row, col, ch) = uint8_t(std::lround(std::clamp(sum[ch] / samples_per_pixel, 0.0, 1.0) * 255.0));
        }
    }
    return out;
}

Scene render_synthetic_scene(const SynthSettings& settings, const std::function<void()>& on_view_done) {
    if (settings.poses.empty()) throw Error::at("synth", "poses", "at least one camera pose", "none");
    for (size_t i = 0; i < settings.poses.size(); ++i)
        if (!(std::fabs(settings.poses[i].pitch) <= kMaxPitch))
            throw Error::at("synth", "pose " + std::to_string(i) + " pitch",
                            "|pitch| <= " + std::to_string(kMaxPitch) + " rad (the camera would enter the ground)",
                            std::to_string(settings.poses[i].pitch));
    if (settings.image_size < 8 || settings.image_size > 4096)
        throw Error::at("synth", "image size", "8..4096", std::to_string(settings.image_size));
    if (settings.samples_per_pixel < 1 || settings.samples_per_pixel > 256)
        throw Error::at("synth", "samples per pixel", "1..256", std::to_string(settings.samples_per_pixel));

    const SynthWorld world = make_synth_world(settings.seed);
    Scene scene;
    scene.image_size = settings.image_size;
    scene.fov_deg = settings.fov_deg;
    scene.near = settings.near;
    scene.far = settings.far;
    for (size_t i = 0; i < settings.poses.size(); ++i) {
        const OrbitPose& pose = settings.poses[i];
        View view;
        view.yaw = pose.yaw;
        view.pitch = pose.pitch;
        view.modelview = orbit_modelview(pose);
        SynthImage img = render_synth_view(world, view.modelview, settings.image_size, settings.fov_deg,
                                           settings.samples_per_pixel, mix64(settings.seed ^ mix64(i)));
        view.color = std::move(img.color);
        view.depth = std::move(img.depth);
        scene.views.push_back(std::move(view));
        if (on_view_done) on_view_done();
    }
    Provenance& p = scene.provenance;
    p.generator = "ivid synth";
    p.ground_truth = true;
    p.date = iso8601_utc_now();
    p.seed = settings.seed;
    p.sampler = {{"renderer", "cpu ray casting"},
                 {"viewset", settings.viewset},
                 {"samples_per_pixel", settings.samples_per_pixel}};
    p.extra = world.describe();
    return scene;
}

}  // namespace ivid::synth

#include "core/scene/synth_world.hpp"

#include <algorithm>
#include <cmath>

#include "core/scene/synth_noise.hpp"
#include "core/scene/synth_objects.hpp"

namespace ivid::synth {
namespace {

constexpr double kPi = 3.14159265358979323846;

double smoothstep(double a, double b, double x) {
    double t = std::clamp((x - a) / (b - a), 0.0, 1.0);
    return t * t * (3.0 - 2.0 * t);
}

// Palettes are written as display colours and stored as linear albedo.
glm::dvec3 srgb(double r, double g, double b) {
    return glm::dvec3(std::pow(r, 2.2), std::pow(g, 2.2), std::pow(b, 2.2));
}

glm::dvec3 jitter(Rng& rng, const glm::dvec3& c, double amount) {
    return glm::clamp(c * glm::dvec3(1.0 + rng.uniform(-amount, amount), 1.0 + rng.uniform(-amount, amount),
                                     1.0 + rng.uniform(-amount, amount)),
                      0.0, 1.0);
}

Palette choose_season(SynthWorld& w, Rng& rng) {
    Palette p;
    switch (w.season) {
        case Season::Spring:
            w.grass = srgb(0.42, 0.64, 0.22), w.grass_alt = srgb(0.55, 0.72, 0.3), w.dirt = srgb(0.45, 0.36, 0.26);
            p.foliage = srgb(0.45, 0.7, 0.25), p.foliage_alt = srgb(0.96, 0.74, 0.84);
            break;
        case Season::Summer:
            w.grass = srgb(0.27, 0.5, 0.15), w.grass_alt = srgb(0.42, 0.56, 0.2), w.dirt = srgb(0.42, 0.33, 0.22);
            p.foliage = srgb(0.18, 0.4, 0.12), p.foliage_alt = srgb(0.32, 0.52, 0.16);
            break;
        case Season::Autumn:
            w.grass = srgb(0.55, 0.5, 0.24), w.grass_alt = srgb(0.45, 0.4, 0.18), w.dirt = srgb(0.4, 0.28, 0.18);
            p.foliage = srgb(0.88, 0.45, 0.1), p.foliage_alt = srgb(0.72, 0.18, 0.07);
            break;
        case Season::Winter:
            w.grass = srgb(0.9, 0.92, 0.96), w.grass_alt = srgb(0.82, 0.86, 0.93), w.dirt = srgb(0.5, 0.48, 0.46);
            p.foliage = srgb(0.12, 0.26, 0.16), p.foliage_alt = srgb(0.9, 0.93, 0.97);
            w.snow = true;
            break;
        case Season::Arid:
            w.grass = srgb(0.8, 0.64, 0.4), w.grass_alt = srgb(0.7, 0.55, 0.34), w.dirt = srgb(0.62, 0.42, 0.28);
            p.foliage = srgb(0.42, 0.48, 0.22), p.foliage_alt = srgb(0.55, 0.55, 0.3);
            break;
    }
    w.rock = jitter(rng, w.season == Season::Arid ? srgb(0.62, 0.4, 0.28) : srgb(0.48, 0.46, 0.43), 0.1);
    w.sand = jitter(rng, srgb(0.78, 0.7, 0.52), 0.06);
    w.water_tint = jitter(rng, srgb(0.1, 0.2, 0.24), 0.2);
    w.grass = jitter(rng, w.grass, 0.08);
    w.grass_alt = jitter(rng, w.grass_alt, 0.08);
    p.foliage = jitter(rng, p.foliage, 0.1);
    p.foliage_alt = jitter(rng, p.foliage_alt, 0.1);
    p.bark = jitter(rng, srgb(0.36, 0.26, 0.18), 0.1);
    p.rock = w.rock;
    p.rock_alt = jitter(rng, w.rock * 0.6, 0.1);
    return p;
}

void choose_daytime(SynthWorld& w, Rng& rng) {
    double elevation = 0.0;
    switch (w.time) {
        case DayTime::Morning:
            elevation = rng.uniform(20, 35), w.sun_color = srgb(1.0, 0.92, 0.8) * 3.2;
            w.sky_zenith = srgb(0.38, 0.58, 0.88), w.sky_horizon = srgb(0.86, 0.87, 0.9), w.fog_density = 0.05;
            break;
        case DayTime::Noon:
            elevation = rng.uniform(50, 70), w.sun_color = srgb(1.0, 0.97, 0.93) * 3.4;
            w.sky_zenith = srgb(0.24, 0.46, 0.86), w.sky_horizon = srgb(0.72, 0.83, 0.95), w.fog_density = 0.04;
            break;
        case DayTime::Golden:
            elevation = rng.uniform(10, 18), w.sun_color = srgb(1.0, 0.72, 0.45) * 3.2;
            w.sky_zenith = srgb(0.3, 0.45, 0.76), w.sky_horizon = srgb(0.96, 0.8, 0.6), w.fog_density = 0.06;
            break;
        case DayTime::Sunset:
            elevation = rng.uniform(4, 9), w.sun_color = srgb(1.0, 0.5, 0.25) * 3.0;
            w.sky_zenith = srgb(0.22, 0.24, 0.5), w.sky_horizon = srgb(0.98, 0.58, 0.38), w.fog_density = 0.08;
            w.exposure = 1.25;
            break;
        case DayTime::Overcast:
            elevation = rng.uniform(40, 60), w.sun_color = srgb(0.92, 0.93, 0.95) * 0.8;
            w.sky_zenith = srgb(0.62, 0.65, 0.7), w.sky_horizon = srgb(0.8, 0.82, 0.84), w.fog_density = 0.07;
            w.exposure = 1.2;
            break;
    }
    double azimuth = rng.uniform(0.0, 2.0 * kPi), el = elevation * kPi / 180.0;
    w.sun_dir = glm::dvec3(std::sin(azimuth) * std::cos(el), std::sin(el), std::cos(azimuth) * std::cos(el));
    w.cloud_cover = w.time == DayTime::Overcast ? rng.uniform(0.75, 0.95) : rng.uniform(0.05, 0.6);
    w.sky_zenith = jitter(rng, w.sky_zenith, 0.06);
    w.sky_horizon = jitter(rng, w.sky_horizon, 0.04);
}

void choose_terrain(SynthWorld& w, Rng& rng) {
    w.hill_amplitude = rng.uniform(0.05, 0.45);
    w.hill_frequency = rng.uniform(0.5, 1.3);
    w.ring_start = rng.uniform(2.4, 3.1);
    w.ring_height = rng.uniform(0.3, 1.3);
    w.has_water = rng.chance(w.season == Season::Arid ? 0.35 : 0.7);
    w.water_level = SynthWorld::kGroundY - rng.uniform(0.025, 0.05);
    if (!w.has_water) return;
    int count = 1 + rng.below(3);
    for (int i = 0; i < count; ++i) {
        Lake lake;
        lake.radius = rng.uniform(0.4, 0.9);
        // Mostly in the middle distance behind the subject (the cameras look towards -z), where
        // the low orbit still sees the water; never under the cameras (radius 1).
        double r = rng.uniform(std::max(1.8, 1.4 + lake.radius), 2.9), a = rng.uniform(0.0, 2.0 * kPi);
        if (rng.chance(0.75)) a = kPi + rng.uniform(-0.8, 0.8);
        lake.x = r * std::sin(a);
        lake.z = r * std::cos(a);
        lake.depth = rng.uniform(0.12, 0.3) + w.hill_amplitude * 0.5;
        w.lakes.push_back(lake);
    }
}

// Sampled bounds for the ray marcher (with margins for what the grid misses).
void measure_terrain(SynthWorld& w) {
    const int n = 240;
    const double extent = SynthWorld::kDomeRadius, h = 2.0 * extent / n, e = 1e-4;
    double top = -1e9, slope = 0.0;
    for (int i = 0; i <= n; ++i)
        for (int j = 0; j <= n; ++j) {
            double x = -extent + i * h, z = -extent + j * h;
            double y = w.terrain_height(x, z);
            double gx = (w.terrain_height(x + e, z) - w.terrain_height(x - e, z)) / (2 * e);
            double gz = (w.terrain_height(x, z + e) - w.terrain_height(x, z - e)) / (2 * e);
            top = std::max(top, y);
            slope = std::max(slope, std::hypot(gx, gz));
        }
    w.terrain_max_height = top + 0.05;
    w.terrain_lipschitz = slope * 1.3 + 0.05;
}

}  // namespace

double SynthWorld::terrain_height(double x, double z) const {
    double r = std::hypot(x, z);
    double h = kGroundY + 0.012 * value_noise(x * 3.0, z * 3.0, seed ^ 0x7E44A1u);
    double hills = smoothstep(1.25, 2.2, r);
    if (hills > 0.0)
        h += hills * hill_amplitude * (0.5 + 0.5 * fbm(x * hill_frequency, z * hill_frequency, seed ^ 0x4111u, 3));
    if (r > ring_start) {
        // Direction-only noise varies the ring's height around the circle without a seam.
        double around = value_noise(2.2 * x / r, 2.2 * z / r, seed ^ 0x21A6u);
        h += smoothstep(ring_start, ring_start + 0.7, r) * ring_height * (0.6 + 0.4 * around);
    }
    for (const Lake& lake : lakes) {
        double d2 = ((x - lake.x) * (x - lake.x) + (z - lake.z) * (z - lake.z)) / (lake.radius * lake.radius);
        if (d2 < 1.0) h -= lake.depth * (1.0 - d2) * (1.0 - d2);
    }
    return h;
}

double SynthWorld::surface_residual(const glm::dvec3& p) const {
    double best = std::fabs(glm::length(p) - kDomeRadius);
    // Vertical offset scaled to a distance by the local slope.
    const double e = 1e-5;
    double gx = (terrain_height(p.x + e, p.z) - terrain_height(p.x - e, p.z)) / (2 * e);
    double gz = (terrain_height(p.x, p.z + e) - terrain_height(p.x, p.z - e)) / (2 * e);
    best = std::min(best, std::fabs(p.y - terrain_height(p.x, p.z)) / std::sqrt(1.0 + gx * gx + gz * gz));
    if (has_water) best = std::min(best, std::fabs(p.y - water_level));
    for (const Solid& s : solids) best = std::min(best, std::fabs(s.residual(p)));
    return best;
}

nlohmann::json SynthWorld::describe() const {
    nlohmann::json lakes_json = nlohmann::json::array();
    for (const Lake& l : lakes) lakes_json.push_back({l.x, l.z, l.radius, l.depth});
    return {{"season", season_name(season)},
            {"time_of_day", daytime_name(time)},
            {"subject", subject_name(subject)},
            {"sun_direction", {sun_dir.x, sun_dir.y, sun_dir.z}},
            {"cloud_cover", cloud_cover},
            {"fog_density", fog_density},
            {"hill_amplitude", hill_amplitude},
            {"hill_frequency", hill_frequency},
            {"ring_start", ring_start},
            {"ring_height", ring_height},
            {"water_level", has_water ? nlohmann::json(water_level) : nlohmann::json(nullptr)},
            {"lakes", lakes_json},
            {"subject_solids", subject_solids},
            {"scattered_solids", solids.size() - subject_solids},
            {"dome_radius", kDomeRadius}};
}

SynthWorld make_synth_world(uint64_t seed) {
    SynthWorld w;
    w.seed = seed;
    Rng rng(seed);
    w.season = Season(rng.below(5));
    w.time = DayTime(rng.below(5));
    const Palette palette = choose_season(w, rng);
    choose_daytime(w, rng);
    choose_terrain(w, rng);
    glm::dvec3 ground(0.0, w.terrain_height(0.0, 0.0), 0.0);
    add_subject(w, rng, palette, ground);
    add_scattered_objects(w, rng, palette);
    measure_terrain(w);
    return w;
}

std::string season_name(Season s) { return enum_name(kSeasonNames, s); }

std::string daytime_name(DayTime t) { return enum_name(kDayTimeNames, t); }

std::string subject_name(SubjectKind k) { return enum_name(kSubjectKindNames, k); }

}  // namespace ivid::synth

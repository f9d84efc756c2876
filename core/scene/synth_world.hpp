// The synthetic ground-truth world: a seeded landscape framed like IVID's data. Cameras orbit
// the origin at radius 1; a subject (boulder, tree, house, mushroom, cairn, statue, snowman...)
// stands on the ground at the origin; behind it lie scattered trees, rocks and bushes, a
// heightfield terrain with lakes that rises into a ring of hills, and a sky dome.
//
// Depth range: everything lies inside the sky dome, a sphere of radius 3.9 around the origin,
// so from any camera within radius 1 every ray ends within 4.9 (< far = 5). The subject fits the
// region |p_xz| + 0.3 |p_y| <= 0.4, and scattered objects stay more than 1.5 from the vertical
// axis, so for orbit cameras at radius 1 with |pitch| <= 0.3 no visible point is nearer than 0.6.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <glm/glm.hpp>
#include <nlohmann/json.hpp>

#include "core/scene/synth_shapes.hpp"
#include "core/util/enum_names.hpp"

namespace ivid::synth {

enum class Season { Spring, Summer, Autumn, Winter, Arid };
enum class DayTime { Morning, Noon, Golden, Sunset, Overcast };
enum class SubjectKind { Boulder, Tree, Conifer, House, Mushroom, Cairn, Statue, Snowman };

// Names in a world's description (SynthWorld::describe, `ivid synth info`).
inline constexpr EnumName<Season> kSeasonNames[] = {{Season::Spring, "spring"},
                                                    {Season::Summer, "summer"},
                                                    {Season::Autumn, "autumn"},
                                                    {Season::Winter, "winter"},
                                                    {Season::Arid, "arid"}};
inline constexpr EnumName<DayTime> kDayTimeNames[] = {{DayTime::Morning, "morning"},
                                                      {DayTime::Noon, "noon"},
                                                      {DayTime::Golden, "golden hour"},
                                                      {DayTime::Sunset, "sunset"},
                                                      {DayTime::Overcast, "overcast"}};
inline constexpr EnumName<SubjectKind> kSubjectKindNames[] = {
    {SubjectKind::Boulder, "boulder"}, {SubjectKind::Tree, "tree"},       {SubjectKind::Conifer, "conifer"},
    {SubjectKind::House, "house"},     {SubjectKind::Mushroom, "mushroom"}, {SubjectKind::Cairn, "cairn"},
    {SubjectKind::Statue, "statue"},   {SubjectKind::Snowman, "snowman"}};

// Procedural surface colouring, evaluated at the 3D hit point (so every view agrees).
struct Material {
    enum class Pattern { Plain, Rock, Bark, Foliage, Spots, Planks, Marble };
    Pattern pattern = Pattern::Plain;
    glm::dvec3 base{0.5};  // linear RGB albedo
    glm::dvec3 alt{0.5};   // second colour of the pattern
    double scale = 10.0;   // pattern frequency (1/world units)
    double specular = 0.0;
};

struct Lake {
    double x = 0.0, z = 0.0, radius = 0.0, depth = 0.0;
};

struct SynthWorld {
    static constexpr double kDomeRadius = 3.9;
    static constexpr double kGroundY = -0.45;  // ground level under the subject

    uint64_t seed = 0;
    Season season = Season::Summer;
    DayTime time = DayTime::Noon;
    SubjectKind subject = SubjectKind::Boulder;

    // Light and atmosphere (linear RGB).
    glm::dvec3 sun_dir{0, 1, 0};
    glm::dvec3 sun_color{1.0};
    glm::dvec3 sky_zenith{0.2, 0.4, 0.8}, sky_horizon{0.7, 0.8, 0.9};
    double cloud_cover = 0.3;
    double fog_density = 0.05;
    double exposure = 1.0;

    // Terrain: gentle noise near the subject, hills further out, a ring of hills at the rim.
    double hill_amplitude = 0.2, hill_frequency = 0.8;
    double ring_start = 2.6, ring_height = 0.8;
    bool has_water = false;
    double water_level = -0.48;
    std::vector<Lake> lakes;
    glm::dvec3 grass{0.1, 0.3, 0.05}, grass_alt{0.2, 0.35, 0.05}, dirt{0.3, 0.2, 0.1},
        rock{0.35, 0.33, 0.3}, sand{0.6, 0.5, 0.35}, water_tint{0.02, 0.06, 0.08};
    bool snow = false;

    std::vector<Material> materials;
    std::vector<Solid> solids;   // subject solids first, then scattered objects
    size_t subject_solids = 0;

    // Bounds used by the heightfield ray marcher: max height and max slope |grad h|.
    double terrain_max_height = 0.0;
    double terrain_lipschitz = 1.0;

    double terrain_height(double x, double z) const;
    // Distance-like residual of the nearest surface (terrain, water, solids, dome): ~0 on a surface.
    double surface_residual(const glm::dvec3& p) const;
    // World parameters for the scene provenance.
    nlohmann::json describe() const;
};

SynthWorld make_synth_world(uint64_t seed);

std::string season_name(Season s);
std::string daytime_name(DayTime t);
std::string subject_name(SubjectKind k);

}  // namespace ivid::synth

// Builders for the objects of the synthetic world: the subject at the origin and the scattered
// trees, conifers, rocks and bushes. Each adds analytic solids (and their materials) to a world.
#pragma once

#include "core/scene/synth_noise.hpp"
#include "core/scene/synth_world.hpp"

namespace ivid::synth {

// Colours of the season used for vegetation, bark and rock.
struct Palette {
    glm::dvec3 foliage, foliage_alt, bark, rock, rock_alt;
};

// Builds the subject standing at `ground` (the terrain point under the origin), scaled down as
// needed so that it fits the near-plane region described in synth_world.hpp.
void add_subject(SynthWorld& world, Rng& rng, const Palette& palette, const glm::dvec3& ground);

// Scatters trees, rocks and bushes on dry ground between radius 1.5 and the dome.
void add_scattered_objects(SynthWorld& world, Rng& rng, const Palette& palette);

}  // namespace ivid::synth

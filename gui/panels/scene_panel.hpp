// The Scene panel: open a scene folder (typed, or dropped onto the window), the scene's summary
// and provenance (how it was made: generator, date, seed, models, sampler), and the list of its
// views with thumbnails. Clicking a view shows it in the Inspector; double-clicking moves the
// camera onto it.
#pragma once

#include "gui/state/studio_state.hpp"

namespace ivid {

void draw_scene_panel(StudioState& state);

}  // namespace ivid

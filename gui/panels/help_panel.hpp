// The Help panel: every keyboard shortcut (from the shortcut table) and viewport binding, and
// what the panels are for.
#pragma once

#include "gui/state/studio_state.hpp"

namespace ivid {

void draw_help_panel(StudioState& state);

}  // namespace ivid

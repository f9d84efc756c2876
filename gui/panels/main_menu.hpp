// The menu bar: screenshot and quit, which panels are shown, and help.
#pragma once

#include "gui/state/studio_state.hpp"

namespace ivid {

void draw_main_menu(StudioState& state);

}  // namespace ivid

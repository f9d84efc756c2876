// Messages for the user (errors such as an unreadable scene or a failed export, and notices
// such as a saved screenshot), stacked at the top of the window until dismissed.
#pragma once

#include "gui/state/studio_state.hpp"

namespace ivid {

void draw_message_panel(StudioState& state);

}  // namespace ivid

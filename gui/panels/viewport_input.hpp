// Mouse and keyboard input for the viewport (the scene behind the panels): drags orbit and pan
// the camera, the wheel zooms, and the shortcut table (shortcuts.hpp) triggers studio actions.
// Input that ImGui claims (a panel under the mouse, a text field being edited) is left to it.
#pragma once

#include <vector>

#include "gui/state/shortcuts.hpp"
#include "gui/state/studio_state.hpp"
#include "gui/state/window_events.hpp"

namespace ivid {

// Call once per frame between ImGui::NewFrame and the panels, with the key presses since the
// previous frame.
void handle_viewport_input(StudioState& state, const std::vector<KeyPress>& presses);

// Performs an action (also used by menu items and buttons).
void apply_action(StudioState& state, StudioAction action);

}  // namespace ivid

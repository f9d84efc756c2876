// The View panel: the camera (pose in degrees, front view, snap to the nearest generated view,
// whether the viewset covers the current direction) and how the fused frame is rendered (field
// of view, supersampling, blend mode and its parameters, background), with render statistics.
#pragma once

#include "gui/state/studio_state.hpp"

namespace ivid {

void draw_view_panel(StudioState& state);

}  // namespace ivid

// A line at the bottom of the viewport: the camera pose, the nearest generated view and, in
// warning colours, when the camera looks from a direction outside the angular range the
// viewset covers (the fused frame then shows parts no view has seen: holes, stretched edges).
#pragma once

#include "gui/state/studio_state.hpp"

namespace ivid {

void draw_camera_overlay(const StudioState& state);

}  // namespace ivid

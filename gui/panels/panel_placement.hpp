// Where a panel first appears (before the user moves it; ImGui's layout file remembers it
// afterwards): a rectangle in a 1280 x 800 reference window, mapped onto the current one so
// left-column panels stay left and right-column panels stay right.
#pragma once

namespace ivid {

enum class PanelColumn { Left, Right, Centre };

// Call right before ImGui::Begin. y and height are in reference pixels below the menu bar.
void place_panel(PanelColumn column, float y, float width, float height);

}  // namespace ivid

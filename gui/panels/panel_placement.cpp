#include "gui/panels/panel_placement.hpp"

#include <algorithm>

#include <imgui.h>

namespace ivid {
namespace {
constexpr float kMargin = 8.0f;
constexpr float kMenuBarHeight = 22.0f;
constexpr float kReferenceHeight = 800.0f;
}  // namespace

void place_panel(PanelColumn column, float y, float width, float height) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    // Heights scale with the window so a column still fits in a shorter one.
    const float scale = std::max(0.3f, display.y / kReferenceHeight);
    float x = kMargin;
    if (column == PanelColumn::Right) x = display.x - width - kMargin;
    if (column == PanelColumn::Centre) x = 0.5f * (display.x - width);
    ImGui::SetNextWindowPos(ImVec2(x, kMenuBarHeight + y * scale), ImGuiCond_FirstUseEver);
    ImGui::SetNextWindowSize(ImVec2(width, height * scale), ImGuiCond_FirstUseEver);
}

}  // namespace ivid

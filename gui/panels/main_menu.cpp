#include "gui/panels/main_menu.hpp"

#include <imgui.h>

#include "gui/panels/viewport_input.hpp"
#include "gui/state/shortcuts.hpp"

namespace ivid {
namespace {

void action_item(StudioState& state, const char* label, StudioAction action) {
    if (ImGui::MenuItem(label, shortcut_keys(action).c_str())) apply_action(state, action);
}

}  // namespace

void draw_main_menu(StudioState& state) {
    if (!ImGui::BeginMainMenuBar()) return;
    if (ImGui::BeginMenu("File")) {
        action_item(state, "Screenshot", StudioAction::Screenshot);
        ImGui::Separator();
        action_item(state, "Quit", StudioAction::Quit);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Generate")) {
        action_item(state, "Generate a scene", StudioAction::Generate);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Camera")) {
        action_item(state, "Front view", StudioAction::ResetCamera);
        action_item(state, "Snap to nearest view", StudioAction::SnapToView);
        action_item(state, "Add keyframe", StudioAction::AddKeyframe);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Panels")) {
        PanelVisibility& panels = state.settings.panels;
        ImGui::MenuItem("Scene", nullptr, &panels.scene);
        ImGui::MenuItem("View", nullptr, &panels.view);
        ImGui::MenuItem("Inspector", nullptr, &panels.inspector);
        ImGui::MenuItem("Export", shortcut_keys(StudioAction::ToggleExport).c_str(), &panels.export_panel);
        ImGui::MenuItem("Generate", nullptr, &panels.generate);
        ImGui::EndMenu();
    }
    if (ImGui::BeginMenu("Help")) {
        ImGui::MenuItem("Shortcuts and panels", shortcut_keys(StudioAction::ToggleHelp).c_str(),
                        &state.settings.panels.help);
        ImGui::EndMenu();
    }
    ImGui::EndMainMenuBar();
}

}  // namespace ivid

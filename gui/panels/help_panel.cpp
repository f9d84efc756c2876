#include "gui/panels/help_panel.hpp"

#include <imgui.h>

#include "gui/panels/panel_placement.hpp"
#include "gui/state/shortcuts.hpp"

namespace ivid {
namespace {

void binding_table(const char* id, const std::vector<InputBinding>& rows) {
    if (!ImGui::BeginTable(id, 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_SizingFixedFit)) return;
    for (const InputBinding& row : rows) {
        ImGui::TableNextRow();
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row.input.c_str());
        ImGui::TableNextColumn();
        ImGui::TextUnformatted(row.description.c_str());
    }
    ImGui::EndTable();
}

std::vector<InputBinding> keyboard_rows() {
    std::vector<InputBinding> rows;
    for (const Shortcut& shortcut : studio_shortcuts()) rows.push_back({shortcut.keys, shortcut.description});
    return rows;
}

}  // namespace

void draw_help_panel(StudioState& state) {
    place_panel(PanelColumn::Centre, 120.0f, 470.0f, 440.0f);
    if (ImGui::Begin("Help", &state.settings.panels.help)) {
        ImGui::TextUnformatted("Viewport");
        binding_table("viewport", viewport_bindings());
        ImGui::Separator();
        ImGui::TextUnformatted("Keyboard");
        binding_table("keyboard", keyboard_rows());
        ImGui::Separator();
        ImGui::TextWrapped(
            "Scene: open a folder, provenance, the views (click to inspect, double-click to fly there). "
            "View: camera, blend mode and its parameters. Inspector: every buffer of a view or of the "
            "fused frame; hover for values. Export: turntable videos and PNG sequences. "
            "Generate: new scenes from a model pack; the viewer shows each view as it is finished. "
            "Settings and the panel layout are kept in the config folder (XDG_CONFIG_HOME or "
            "~/.config, ivid-studio/).");
    }
    ImGui::End();
}

}  // namespace ivid

#include "gui/panels/viewport_input.hpp"

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>
#include <imgui.h>

namespace ivid {
namespace {

bool is_function_key(int key) { return key >= GLFW_KEY_F1 && key <= GLFW_KEY_F25; }

void handle_mouse(StudioState& state) {
    const ImGuiIO& io = ImGui::GetIO();
    if (io.WantCaptureMouse) return;
    OrbitController& camera = state.camera;
    if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
        camera.reset();
    else if (ImGui::IsMouseDown(ImGuiMouseButton_Left))
        camera.orbit(io.MouseDelta.x, io.MouseDelta.y);
    if (ImGui::IsMouseDown(ImGuiMouseButton_Right) || ImGui::IsMouseDown(ImGuiMouseButton_Middle))
        camera.pan(io.MouseDelta.x, io.MouseDelta.y, io.DisplaySize.y, state.settings.render.fov_deg);
    if (io.MouseWheel != 0.0f) camera.zoom(io.MouseWheel);
}

void handle_keys(StudioState& state, const std::vector<KeyPress>& presses) {
    const ImGuiIO& io = ImGui::GetIO();
    for (const KeyPress& press : presses) {
        // While a text field has the keyboard, keys are text; function keys still act.
        if (io.WantTextInput && !is_function_key(press.key)) continue;
        const bool ctrl = (press.mods & GLFW_MOD_CONTROL) != 0;
        for (const Shortcut& shortcut : studio_shortcuts())
            if (!press.repeat && shortcut.key == press.key && shortcut.ctrl == ctrl)
                apply_action(state, shortcut.action);
        // Arrows nudge, repeating while held.
        if (io.WantCaptureKeyboard || ctrl) continue;
        state.camera.nudge((press.key == GLFW_KEY_RIGHT) - (press.key == GLFW_KEY_LEFT),
                           (press.key == GLFW_KEY_UP) - (press.key == GLFW_KEY_DOWN));
    }
}

}  // namespace

void handle_viewport_input(StudioState& state, const std::vector<KeyPress>& presses) {
    handle_mouse(state);
    handle_keys(state, presses);
}

void apply_action(StudioState& state, StudioAction action) {
    PanelVisibility& panels = state.settings.panels;
    switch (action) {
        case StudioAction::ResetCamera: state.camera.reset(); break;
        case StudioAction::SnapToView: state.snap_to_nearest_view(); break;
        case StudioAction::AddKeyframe: state.add_keyframe(); break;
        case StudioAction::Screenshot: state.screenshot_requested = true; break;
        case StudioAction::ToggleHelp: panels.help = !panels.help; break;
        case StudioAction::ToggleExport: panels.export_panel = !panels.export_panel; break;
        case StudioAction::Generate:
            panels.generate = true;
            state.generate_requested = true;
            break;
        case StudioAction::Quit: state.quit_requested = true; break;
    }
}

}  // namespace ivid

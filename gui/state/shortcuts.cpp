#include "gui/state/shortcuts.hpp"

// Key codes only: no GL header.
#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace ivid {

const std::vector<Shortcut>& studio_shortcuts() {
    static const std::vector<Shortcut> table{
        {GLFW_KEY_R, false, "R", StudioAction::ResetCamera, "front view (yaw = pitch = 0, radius 1)"},
        {GLFW_KEY_N, false, "N", StudioAction::SnapToView, "snap to the nearest generated view"},
        {GLFW_KEY_K, false, "K", StudioAction::AddKeyframe, "add the camera as a keyframe (Export)"},
        {GLFW_KEY_F12, false, "F12", StudioAction::Screenshot, "save a screenshot of the window (PNG)"},
        {GLFW_KEY_F1, false, "F1", StudioAction::ToggleHelp, "show or hide this help"},
        {GLFW_KEY_E, true, "Ctrl+E", StudioAction::ToggleExport, "show or hide the Export panel"},
        {GLFW_KEY_G, true, "Ctrl+G", StudioAction::Generate, "generate a scene with the Generate panel's settings"},
        {GLFW_KEY_Q, true, "Ctrl+Q", StudioAction::Quit, "quit (settings and layout are saved)"},
    };
    return table;
}

std::string shortcut_keys(StudioAction action) {
    for (const Shortcut& shortcut : studio_shortcuts())
        if (shortcut.action == action) return shortcut.keys;
    return "";
}

const std::vector<InputBinding>& viewport_bindings() {
    static const std::vector<InputBinding> bindings{
        {"left drag", "orbit around the target"},
        {"right or middle drag", "pan the target"},
        {"wheel", "zoom towards / away from the target"},
        {"double-click", "front view (like R)"},
        {"arrow keys", "nudge yaw / pitch by 0.05 rad"},
        {"drop a folder", "open it as a scene"},
    };
    return bindings;
}

}  // namespace ivid

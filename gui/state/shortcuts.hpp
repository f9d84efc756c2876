// The studio's keyboard shortcuts in one table: the input handler dispatches from it and the
// Help panel lists it, so the two cannot disagree. Mouse bindings and the arrow keys (which
// repeat while held) are described alongside for the Help panel.
#pragma once

#include <string>
#include <vector>

namespace ivid {

enum class StudioAction {
    ResetCamera,
    SnapToView,
    AddKeyframe,
    Screenshot,
    ToggleHelp,
    ToggleExport,
    Generate,
    Quit,
};

struct Shortcut {
    int key;     // GLFW key code
    bool ctrl;   // with Ctrl held
    std::string keys;         // as shown, e.g. "Ctrl+Q"
    StudioAction action;
    std::string description;
};

const std::vector<Shortcut>& studio_shortcuts();

// The shortcut text of an action ("" when it has none), for button labels such as "Snap (N)".
std::string shortcut_keys(StudioAction action);

struct InputBinding {
    std::string input;
    std::string description;
};
// Mouse and arrow-key bindings of the viewport.
const std::vector<InputBinding>& viewport_bindings();

}  // namespace ivid

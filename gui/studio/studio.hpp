// IVID Studio's main window: a GLFW/ImGui frame loop that shows the open scene's view meshes
// with an orbit camera and a "Scene" panel (folder, view count, provenance). Scenes open from
// the panel's path field or by dropping a folder onto the window; a scene that fails to load
// leaves the previous one open and shows the error in the panel.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>

namespace ivid {

struct StudioOptions {
    std::optional<std::filesystem::path> scene_dir;   // opened at start when given
    std::optional<std::filesystem::path> screenshot;  // scripted capture: PNG written after...
    int frames = 3;                                   // ...this many frames, then run() returns
};

class Studio {
public:
    // Creates the window (throws Error when no GL 4.5 context is available).
    explicit Studio(const StudioOptions& options);
    ~Studio();

    // Runs until the window is closed (or the scripted capture is written); returns the exit
    // status. Throws Error when the screenshot cannot be written.
    int run();

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace ivid

// IVID Studio's main window: a GLFW/ImGui frame loop around the fusion renderer. The viewport
// (the whole window, behind the panels) shows the open scene's fused frame for the orbit
// camera; the panels (gui/panels/) edit the shared StudioState. The frame is re-rendered only
// when the camera, the render settings, the scene or the window size changed, and the loop
// sleeps until input arrives unless an export is running. Settings and the panel layout are
// read from the config folder at start and written back when the window closes; scripted
// captures (--screenshot / --exit) read them but never write them. A scripted run may start a
// generation (--generate); its frames are counted from when the job has ended.
#pragma once

#include <filesystem>
#include <memory>
#include <optional>

#include "core/geometry/camera.hpp"
#include "gui/state/generate_settings.hpp"

namespace ivid {

struct StudioOptions {
    // Opened at start when given; else the last scene of the settings, else the bundled one.
    std::optional<std::filesystem::path> scene_dir;
    std::optional<OrbitPose> camera;                  // start pose (after the scene opened)
    std::optional<std::filesystem::path> screenshot;  // scripted capture: PNG written after...
    int frames = 3;                                   // ...this many frames, then run() returns
    bool exit = false;                                // return after `frames` frames
    std::optional<GenerateLaunch> generate;
    // Start from this studio settings file instead of the saved settings.json; neither file is
    // written (a look to reproduce, not the user's own settings). Missing or invalid: Error.
    std::optional<std::filesystem::path> settings_file;
};

class Studio {
public:
    // Creates the window (throws Error when no GL 4.5 context is available).
    explicit Studio(const StudioOptions& options);
    ~Studio();

    // Runs until the window is closed, Quit, or the scripted run is done; returns the exit
    // status (a scripted run: 1 when the scene, generation or save it asked for failed). Throws Error when the scripted screenshot cannot be written.
    int run();

private:
    struct State;
    std::unique_ptr<State> state_;
};

}  // namespace ivid

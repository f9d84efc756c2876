// Window events the studio handles itself, collected by GLFW callbacks between frames: key
// presses (a quick tap can go down and up before the next frame, which ImGui 1.86's polled key
// state would miss) and folders dropped onto the window. Install it before ImGui's GLFW
// backend, which chains to the callbacks it finds.
#pragma once

#include <filesystem>
#include <optional>
#include <vector>

struct GLFWwindow;

namespace ivid {

struct KeyPress {
    int key;    // GLFW key code
    int mods;   // GLFW_MOD_* bits
    bool repeat;
};

class WindowEvents {
public:
    // Takes over the window's user pointer.
    explicit WindowEvents(GLFWwindow* window);
    WindowEvents(const WindowEvents&) = delete;
    WindowEvents& operator=(const WindowEvents&) = delete;

    // The presses since the last call, oldest first.
    std::vector<KeyPress> take_key_presses();
    // The last path dropped since the last call.
    std::optional<std::filesystem::path> take_dropped();
    // The scene folder a dropped path stands for: a folder itself, or the folder of a dropped
    // file (so dropping scene.json or a view's PNG works too).
    static std::filesystem::path scene_folder_of(const std::filesystem::path& dropped);

private:
    std::vector<KeyPress> presses_;
    std::optional<std::filesystem::path> dropped_;
};

}  // namespace ivid

#include "gui/state/window_events.hpp"

#include <utility>

#define GLFW_INCLUDE_NONE
#include <GLFW/glfw3.h>

namespace ivid {
namespace {

WindowEvents& events_of(GLFWwindow* window) {
    return *static_cast<WindowEvents*>(glfwGetWindowUserPointer(window));
}

}  // namespace

WindowEvents::WindowEvents(GLFWwindow* window) {
    glfwSetWindowUserPointer(window, this);
    glfwSetKeyCallback(window, [](GLFWwindow* w, int key, int, int action, int mods) {
        if (action != GLFW_RELEASE) events_of(w).presses_.push_back({key, mods, action == GLFW_REPEAT});
    });
    glfwSetDropCallback(window, [](GLFWwindow* w, int count, const char** paths) {
        if (count > 0) events_of(w).dropped_ = std::filesystem::path(paths[0]);
    });
}

std::vector<KeyPress> WindowEvents::take_key_presses() { return std::exchange(presses_, {}); }

std::optional<std::filesystem::path> WindowEvents::take_dropped() { return std::exchange(dropped_, std::nullopt); }

std::filesystem::path WindowEvents::scene_folder_of(const std::filesystem::path& dropped) {
    std::error_code error;
    return std::filesystem::is_regular_file(dropped, error) ? dropped.parent_path() : dropped;
}

}  // namespace ivid

// A GLFW window with a current OpenGL 4.5 core context and the glad loader initialised: the
// studio's main window, or a hidden one that gives tests and off-screen tools a context.
#pragma once

#include <string>

struct GLFWwindow;

namespace ivid {

struct WindowOptions {
    int width = 1280;
    int height = 800;
    std::string title = "IVID Studio";
    bool visible = true;
};

class GlfwWindow {
public:
    // Throws Error with GLFW's reason when there is no display or no 4.5 core context.
    explicit GlfwWindow(const WindowOptions& options);
    ~GlfwWindow();
    GlfwWindow(const GlfwWindow&) = delete;
    GlfwWindow& operator=(const GlfwWindow&) = delete;

    GLFWwindow* handle() const { return window_; }

private:
    GLFWwindow* window_ = nullptr;
};

}  // namespace ivid

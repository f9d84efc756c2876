#include "render/platform/glfw_window.hpp"

#include <string>

// glad first: GLFW must not pull in the system GL header.
#include "render/gl/gl.hpp"
#include <GLFW/glfw3.h>

#include "core/util/error.hpp"
#include "render/gl/debug_output.hpp"
#include "render/platform/gl_driver_pin.hpp"

namespace ivid {
namespace {

// GLFW reports failures through a callback; keep the last one for the exception message.
std::string& last_glfw_error() {
    static std::string message;
    return message;
}

void record_glfw_error(int code, const char* description) {
    last_glfw_error() = std::string(description) + " (GLFW error " + std::to_string(code) + ")";
}

// glfwInit/glfwTerminate are process-wide; windows share one initialisation.
int& open_windows() {
    static int count = 0;
    return count;
}

void release_glfw() {
    if (--open_windows() == 0) glfwTerminate();
}

}  // namespace

GlfwWindow::GlfwWindow(const WindowOptions& options) {
    glfwSetErrorCallback(record_glfw_error);
    if (open_windows() == 0 && glfwInit() != GLFW_TRUE)
        throw Error("cannot initialise GLFW: " + last_glfw_error() +
                    " (no display? run under xvfb-run)");
    ++open_windows();
    glfwWindowHint(GLFW_CONTEXT_VERSION_MAJOR, 4);
    glfwWindowHint(GLFW_CONTEXT_VERSION_MINOR, 5);
    glfwWindowHint(GLFW_OPENGL_PROFILE, GLFW_OPENGL_CORE_PROFILE);
    glfwWindowHint(GLFW_OPENGL_FORWARD_COMPAT, GLFW_TRUE);
    glfwWindowHint(GLFW_OPENGL_DEBUG_CONTEXT, GLFW_TRUE);
    glfwWindowHint(GLFW_VISIBLE, options.visible ? GLFW_TRUE : GLFW_FALSE);
    window_ = glfwCreateWindow(options.width, options.height, options.title.c_str(), nullptr,
                               nullptr);
    if (window_ == nullptr) {
        const std::string reason = last_glfw_error();
        release_glfw();
        throw Error("cannot create a " + std::to_string(options.width) + "x" +
                    std::to_string(options.height) + " window with an OpenGL 4.5 core context: " +
                    reason);
    }
    glfwMakeContextCurrent(window_);
    if (gladLoadGL(glfwGetProcAddress) == 0) {
        glfwDestroyWindow(window_);
        release_glfw();
        throw Error("cannot load the OpenGL 4.5 functions (glad) for the new context");
    }
    gl::keep_gl_driver_loaded();
    gl::enable_debug_output();
}

GlfwWindow::~GlfwWindow() {
    glfwDestroyWindow(window_);
    release_glfw();
}

}  // namespace ivid

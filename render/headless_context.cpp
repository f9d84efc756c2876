#include "render/headless_context.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <optional>

#include "render/gl/gl.hpp"
// Without X11 types in the EGL headers (they would drag in Xlib's macros).
#define EGL_NO_X11
#include <EGL/egl.h>
#include <EGL/eglext.h>

#include "core/util/error.hpp"
#include "render/gl/debug_output.hpp"
#include "render/platform/gl_driver_pin.hpp"
#include "render/platform/glfw_window.hpp"

namespace ivid {
namespace {

std::string egl_error_text() {
    char code[16];
    std::snprintf(code, sizeof code, "0x%04X", static_cast<unsigned>(eglGetError()));
    return std::string("EGL error ") + code;
}

GLADapiproc egl_proc(const char* name) { return reinterpret_cast<GLADapiproc>(eglGetProcAddress(name)); }

std::string gl_string(GLenum name) {
    const auto* text = reinterpret_cast<const char*>(glGetString(name));
    return text != nullptr ? text : "?";
}

// A current EGL context on Mesa's surfaceless platform: no window system at all.
class EglContext {
public:
    EglContext() {
        const auto get_platform_display =
            reinterpret_cast<PFNEGLGETPLATFORMDISPLAYEXTPROC>(eglGetProcAddress("eglGetPlatformDisplayEXT"));
        if (get_platform_display == nullptr) throw Error("EGL lacks eglGetPlatformDisplayEXT");
        display_ = get_platform_display(EGL_PLATFORM_SURFACELESS_MESA, EGL_DEFAULT_DISPLAY, nullptr);
        if (display_ == EGL_NO_DISPLAY) throw Error("no surfaceless EGL display (" + egl_error_text() + ")");
        EGLint major = 0, minor = 0;
        if (eglInitialize(display_, &major, &minor) != EGL_TRUE)
            throw Error("eglInitialize failed on the surfaceless platform (" + egl_error_text() + ")");
        try {
            create_context();
        } catch (...) {
            eglTerminate(display_);
            throw;
        }
    }
    ~EglContext() {
        eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
        eglDestroyContext(display_, context_);
        eglTerminate(display_);
    }
    EglContext(const EglContext&) = delete;
    EglContext& operator=(const EglContext&) = delete;

private:
    void create_context() {
        if (eglBindAPI(EGL_OPENGL_API) != EGL_TRUE) throw Error("EGL cannot bind the OpenGL API (" + egl_error_text() + ")");
        // Surfaceless rendering needs no framebuffer config (EGL_KHR_no_config_context); Mesa's
        // surfaceless platform offers no config with EGL_OPENGL_BIT anyway.
        const char* extensions = eglQueryString(display_, EGL_EXTENSIONS);
        if (extensions == nullptr || std::strstr(extensions, "EGL_KHR_no_config_context") == nullptr ||
            std::strstr(extensions, "EGL_KHR_surfaceless_context") == nullptr)
            throw Error("EGL lacks EGL_KHR_no_config_context or EGL_KHR_surfaceless_context");
        const EGLint context_attributes[] = {EGL_CONTEXT_MAJOR_VERSION, 4,
                                             EGL_CONTEXT_MINOR_VERSION, 5,
                                             EGL_CONTEXT_OPENGL_PROFILE_MASK, EGL_CONTEXT_OPENGL_CORE_PROFILE_BIT,
                                             EGL_CONTEXT_OPENGL_DEBUG, EGL_TRUE,
                                             EGL_NONE};
        context_ = eglCreateContext(display_, EGL_NO_CONFIG_KHR, EGL_NO_CONTEXT, context_attributes);
        if (context_ == EGL_NO_CONTEXT)
            throw Error("EGL cannot create an OpenGL 4.5 core context (" + egl_error_text() + ")");
        // Surfaceless: the renderer draws into its own framebuffers only.
        if (eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, context_) != EGL_TRUE) {
            eglDestroyContext(display_, context_);
            throw Error("EGL cannot make the context current without a surface (" + egl_error_text() + ")");
        }
        if (gladLoadGL(egl_proc) == 0) {
            eglMakeCurrent(display_, EGL_NO_SURFACE, EGL_NO_SURFACE, EGL_NO_CONTEXT);
            eglDestroyContext(display_, context_);
            throw Error("cannot load the OpenGL 4.5 functions (glad) through EGL");
        }
        gl::keep_gl_driver_loaded();
    }

    EGLDisplay display_ = EGL_NO_DISPLAY;
    EGLContext context_ = EGL_NO_CONTEXT;
};

}  // namespace

struct HeadlessContext::Impl {
    std::optional<EglContext> egl;
    std::optional<GlfwWindow> window;
    std::string description;
};

HeadlessContext::HeadlessContext() : impl_(std::make_unique<Impl>()) {
    std::string tried;
    try {
        impl_->egl.emplace();
        impl_->description = "EGL surfaceless";
    } catch (const Error& e) {
        tried = std::string("EGL surfaceless: ") + e.what();
    }
    if (!impl_->egl) {
        const char* display = std::getenv("DISPLAY");
        if (display == nullptr || *display == '\0')
            throw Error("cannot create a headless OpenGL 4.5 context: " + tried +
                        "; no DISPLAY for a hidden window either (install Mesa's EGL or run under xvfb-run)");
        try {
            impl_->window.emplace(WindowOptions{16, 16, "ivid headless", false});
            impl_->description = std::string("hidden GLFW window on ") + display;
        } catch (const Error& e) {
            throw Error("cannot create a headless OpenGL 4.5 context: " + tried + "; hidden GLFW window: " + e.what());
        }
    }
    gl::enable_debug_output();
    impl_->description += ": " + gl_string(GL_RENDERER) + ", " + gl_string(GL_VERSION);
}

HeadlessContext::~HeadlessContext() = default;

const std::string& HeadlessContext::description() const { return impl_->description; }

}  // namespace ivid

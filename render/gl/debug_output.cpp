#include "render/gl/debug_output.hpp"

#include <cstdio>

#include "render/gl/gl.hpp"

namespace ivid::gl {
namespace {

const char* type_name(GLenum type) {
    switch (type) {
        case GL_DEBUG_TYPE_ERROR: return "error";
        case GL_DEBUG_TYPE_DEPRECATED_BEHAVIOR: return "deprecated";
        case GL_DEBUG_TYPE_UNDEFINED_BEHAVIOR: return "undefined behaviour";
        case GL_DEBUG_TYPE_PORTABILITY: return "portability";
        case GL_DEBUG_TYPE_PERFORMANCE: return "performance";
        default: return "other";
    }
}

void GLAD_API_PTR print_message(GLenum /*source*/, GLenum type, GLuint id, GLenum severity,
                                GLsizei /*length*/, const GLchar* message,
                                const void* /*user*/) {
    // Notifications (buffer placement hints and the like) would drown the real problems.
    if (severity == GL_DEBUG_SEVERITY_NOTIFICATION) return;
    std::fprintf(stderr, "GL %s (%u): %s\n", type_name(type), id, message);
}

}  // namespace

bool enable_debug_output() {
    if (!GLAD_GL_KHR_debug && !GLAD_GL_VERSION_4_3) return false;
    glEnable(GL_DEBUG_OUTPUT);
    // Synchronous, so a message is printed while the offending call is still on the stack.
    glEnable(GL_DEBUG_OUTPUT_SYNCHRONOUS);
    glDebugMessageCallback(print_message, nullptr);
    return true;
}

}  // namespace ivid::gl

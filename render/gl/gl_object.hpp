// GlObject: move-only ownership of one GL object name, deleted with the matching glDelete*
// when the owner goes away, so GPU resources follow C++ scopes.
#pragma once

#include <utility>

#include "render/gl/gl.hpp"

namespace ivid::gl {

void delete_buffer(GLuint id);
void delete_vertex_array(GLuint id);
void delete_texture(GLuint id);
void delete_framebuffer(GLuint id);
void delete_shader(GLuint id);
void delete_program(GLuint id);
void delete_sampler(GLuint id);

// Creates one object with a glCreate*(count, ids) function, e.g. create_one(glCreateBuffers).
inline GLuint create_one(void(GLAD_API_PTR* create)(GLsizei, GLuint*)) {
    GLuint id = 0;
    create(1, &id);
    return id;
}

template <void (*Delete)(GLuint)>
class GlObject {
public:
    GlObject() = default;
    explicit GlObject(GLuint id) : id_(id) {}
    ~GlObject() { reset(); }
    GlObject(const GlObject&) = delete;
    GlObject& operator=(const GlObject&) = delete;
    GlObject(GlObject&& other) noexcept : id_(std::exchange(other.id_, 0)) {}
    GlObject& operator=(GlObject&& other) noexcept {
        if (this != &other) {
            reset();
            id_ = std::exchange(other.id_, 0);
        }
        return *this;
    }

    GLuint id() const { return id_; }
    void reset() {
        if (id_ != 0) Delete(id_);
        id_ = 0;
    }

private:
    GLuint id_ = 0;
};

}  // namespace ivid::gl

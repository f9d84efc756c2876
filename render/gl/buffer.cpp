#include "render/gl/buffer.hpp"

namespace ivid::gl {

Buffer::Buffer(const void* data, size_t bytes) : object_(create_one(glCreateBuffers)) {
    glNamedBufferStorage(id(), static_cast<GLsizeiptr>(bytes), data, 0);
}

VertexArray::VertexArray() : object_(create_one(glCreateVertexArrays)) {}

void VertexArray::attribute(GLuint location, const Buffer& buffer, int components, size_t offset,
                            size_t stride) {
    glVertexArrayVertexBuffer(id(), location, buffer.id(), static_cast<GLintptr>(offset),
                              static_cast<GLsizei>(stride));
    glVertexArrayAttribFormat(id(), location, components, GL_FLOAT, GL_FALSE, 0);
    glVertexArrayAttribBinding(id(), location, location);
    glEnableVertexArrayAttrib(id(), location);
}

void VertexArray::index_buffer(const Buffer& buffer) {
    glVertexArrayElementBuffer(id(), buffer.id());
}

void VertexArray::bind() const { glBindVertexArray(id()); }

}  // namespace ivid::gl

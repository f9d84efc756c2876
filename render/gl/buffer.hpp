// Immutable GPU buffers (vertex and index data uploaded once) and the vertex array that
// describes how a shader reads them. Uses GL 4.5 direct state access throughout.
#pragma once

#include <cstddef>
#include <vector>

#include "render/gl/gl_object.hpp"

namespace ivid::gl {

class Buffer {
public:
    Buffer() = default;
    Buffer(const void* data, size_t bytes);
    template <typename T>
    explicit Buffer(const std::vector<T>& items) : Buffer(items.data(), items.size() * sizeof(T)) {}

    GLuint id() const { return object_.id(); }

private:
    GlObject<delete_buffer> object_;
};

class VertexArray {
public:
    VertexArray();

    // Float attribute `location` with `components` floats at `offset` bytes into each
    // `stride`-byte vertex of `buffer` (binding point = location).
    void attribute(GLuint location, const Buffer& buffer, int components, size_t offset,
                   size_t stride);
    void index_buffer(const Buffer& buffer);
    void bind() const;

    GLuint id() const { return object_.id(); }

private:
    GlObject<delete_vertex_array> object_;
};

}  // namespace ivid::gl

// 2D textures: 8-bit images uploaded with image row 0 first (GL t = 0 is the TOP row, so IVID's
// v-down uv can be used as stored), and empty render targets for framebuffers.
#pragma once

#include "core/image/image.hpp"
#include "render/gl/gl_object.hpp"

namespace ivid::gl {

enum class TextureFilter { Nearest, Linear };

class Texture2D {
public:
    Texture2D() = default;
    // 1 (grey) or 3 (RGB) channel image; clamp-to-edge. Throws Error for other channel counts.
    Texture2D(const ImageU8& image, TextureFilter filter);
    // Uninitialised storage, e.g. GL_RGBA8 or GL_DEPTH_COMPONENT24, for render targets.
    Texture2D(int width, int height, GLenum internal_format);

    void bind(GLuint unit) const;
    GLuint id() const { return object_.id(); }
    int width() const { return width_; }
    int height() const { return height_; }

private:
    GlObject<delete_texture> object_;
    int width_ = 0;
    int height_ = 0;
};

// A stack of equally sized 2D layers (render targets drawn one layer per pass), NEAREST filtered.
class Texture2DArray {
public:
    Texture2DArray() = default;
    Texture2DArray(int width, int height, int layers, GLenum internal_format);

    void bind(GLuint unit) const;
    GLuint id() const { return object_.id(); }
    int layers() const { return layers_; }

private:
    GlObject<delete_texture> object_;
    int layers_ = 0;
};

}  // namespace ivid::gl

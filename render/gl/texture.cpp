#include "render/gl/texture.hpp"

#include <string>

#include "core/util/error.hpp"

namespace ivid::gl {
namespace {
GLuint create_texture(GLenum target = GL_TEXTURE_2D) {
    GLuint id = 0;
    glCreateTextures(target, 1, &id);
    return id;
}

// Validates before any GL storage is made.
GLenum internal_format_for(const ImageU8& image) {
    if (image.channels != 1 && image.channels != 3)
        throw Error::at("texture upload", "channels", "1 or 3", std::to_string(image.channels));
    return image.channels == 1 ? GL_R8 : GL_RGB8;
}
}  // namespace

Texture2D::Texture2D(int width, int height, GLenum internal_format)
    : object_(create_texture()), width_(width), height_(height) {
    require(width > 0 && height > 0, "texture size: expected positive, found " +
                                         std::to_string(width) + "x" + std::to_string(height));
    glTextureStorage2D(id(), 1, internal_format, width, height);
    glTextureParameteri(id(), GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTextureParameteri(id(), GL_TEXTURE_MAG_FILTER, GL_NEAREST);
}

Texture2D::Texture2D(const ImageU8& image, TextureFilter filter)
    : Texture2D(image.width, image.height, internal_format_for(image)) {
    const GLenum format = image.channels == 1 ? GL_RED : GL_RGB;
    // Rows of an RGB image are not 4-byte aligned in general.
    glPixelStorei(GL_UNPACK_ALIGNMENT, 1);
    glTextureSubImage2D(id(), 0, 0, 0, image.width, image.height, format, GL_UNSIGNED_BYTE,
                        image.data.data());
    const GLint gl_filter = filter == TextureFilter::Nearest ? GL_NEAREST : GL_LINEAR;
    glTextureParameteri(id(), GL_TEXTURE_MIN_FILTER, gl_filter);
    glTextureParameteri(id(), GL_TEXTURE_MAG_FILTER, gl_filter);
    glTextureParameteri(id(), GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glTextureParameteri(id(), GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
}

void Texture2D::bind(GLuint unit) const { glBindTextureUnit(unit, id()); }

Texture2DArray::Texture2DArray(int width, int height, int layers, GLenum internal_format)
    : object_(create_texture(GL_TEXTURE_2D_ARRAY)), layers_(layers) {
    require(width > 0 && height > 0 && layers > 0,
            "texture array size: expected positive, found " + std::to_string(width) + "x" +
                std::to_string(height) + "x" + std::to_string(layers));
    glTextureStorage3D(id(), 1, internal_format, width, height, layers);
    glTextureParameteri(id(), GL_TEXTURE_MIN_FILTER, GL_NEAREST);
    glTextureParameteri(id(), GL_TEXTURE_MAG_FILTER, GL_NEAREST);
}

void Texture2DArray::bind(GLuint unit) const { glBindTextureUnit(unit, id()); }

}  // namespace ivid::gl

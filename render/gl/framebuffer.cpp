#include "render/gl/framebuffer.hpp"

#include <string>

#include "core/util/error.hpp"

namespace ivid::gl {

Framebuffer::Framebuffer(int width, int height)
    : object_(create_one(glCreateFramebuffers)),
      color_(width, height, GL_RGBA8),
      depth_(width, height, GL_DEPTH_COMPONENT24) {
    glNamedFramebufferTexture(object_.id(), GL_COLOR_ATTACHMENT0, color_.id(), 0);
    glNamedFramebufferTexture(object_.id(), GL_DEPTH_ATTACHMENT, depth_.id(), 0);
    require_complete(object_.id(), "framebuffer " + std::to_string(width) + "x" + std::to_string(height));
}

void require_complete(GLuint framebuffer, const std::string& what) {
    const GLenum status = glCheckNamedFramebufferStatus(framebuffer, GL_FRAMEBUFFER);
    if (status != GL_FRAMEBUFFER_COMPLETE)
        throw Error::at(what, "status", "GL_FRAMEBUFFER_COMPLETE", std::to_string(status));
}

void Framebuffer::bind() const {
    glBindFramebuffer(GL_FRAMEBUFFER, object_.id());
    glViewport(0, 0, width(), height());
}

ImageU8 Framebuffer::read_rgba() const { return read_pixels(object_.id(), width(), height(), 4); }

ImageU8 read_pixels(GLuint framebuffer, int width, int height, int channels) {
    if (channels != 3 && channels != 4)
        throw Error::at("read_pixels", "channels", "3 or 4", std::to_string(channels));
    ImageU8 bottom_up(width, height, channels);
    glBindFramebuffer(GL_READ_FRAMEBUFFER, framebuffer);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glReadPixels(0, 0, width, height, channels == 3 ? GL_RGB : GL_RGBA, GL_UNSIGNED_BYTE,
                 bottom_up.data.data());
    return flip_vertical(bottom_up);
}

}  // namespace ivid::gl

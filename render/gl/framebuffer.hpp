// Off-screen render target (RGBA8 colour + 24-bit depth, like IVID's renderers' depth) and
// read-backs that return images with row 0 at the top, as everywhere in ivid.
#pragma once

#include <string>

#include "core/image/image.hpp"
#include "render/gl/gl_object.hpp"
#include "render/gl/texture.hpp"

namespace ivid::gl {

class Framebuffer {
public:
    // Throws Error when the driver reports the framebuffer incomplete.
    Framebuffer(int width, int height);

    // Binds for drawing and sets the viewport to the whole target.
    void bind() const;
    // RGBA, row 0 = top; alpha tells where something was drawn (when cleared to alpha 0).
    ImageU8 read_rgba() const;

    GLuint id() const { return object_.id(); }
    int width() const { return color_.width(); }
    int height() const { return color_.height(); }

private:
    GlObject<delete_framebuffer> object_;
    Texture2D color_;
    Texture2D depth_;
};

// Throws Error naming `what` unless `framebuffer` is complete.
void require_complete(GLuint framebuffer, const std::string& what);

// Reads `channels` (3 or 4) 8-bit channels of the colour buffer of `framebuffer` (0 = the
// window's back buffer), row 0 = top.
ImageU8 read_pixels(GLuint framebuffer, int width, int height, int channels);

}  // namespace ivid::gl

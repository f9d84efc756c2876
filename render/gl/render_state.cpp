#include "render/gl/render_state.hpp"

#include "render/gl/gl.hpp"

namespace ivid::gl {

void use_depth_tested_meshes(bool cull_back_faces) {
    glEnable(GL_DEPTH_TEST);
    glDepthFunc(GL_LESS);
    glDepthMask(GL_TRUE);
    glDisable(GL_BLEND);
    glFrontFace(GL_CCW);
    glCullFace(GL_BACK);
    if (cull_back_faces)
        glEnable(GL_CULL_FACE);
    else
        glDisable(GL_CULL_FACE);
}

}  // namespace ivid::gl

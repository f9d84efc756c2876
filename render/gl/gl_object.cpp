#include "render/gl/gl_object.hpp"

namespace ivid::gl {

void delete_buffer(GLuint id) { glDeleteBuffers(1, &id); }
void delete_vertex_array(GLuint id) { glDeleteVertexArrays(1, &id); }
void delete_texture(GLuint id) { glDeleteTextures(1, &id); }
void delete_framebuffer(GLuint id) { glDeleteFramebuffers(1, &id); }
void delete_shader(GLuint id) { glDeleteShader(id); }
void delete_program(GLuint id) { glDeleteProgram(id); }
void delete_sampler(GLuint id) { glDeleteSamplers(1, &id); }

}  // namespace ivid::gl

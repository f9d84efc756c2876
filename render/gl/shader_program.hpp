// Shader programs built from GLSL sources (normally the embedded shaders/ files). Compile and
// link failures throw ivid::Error naming the shader file(s) and carrying the driver's log.
// Embedded sources may share code: a line `#include "name.glsl"` is replaced by that embedded
// file (one level, no include guards needed).
#pragma once

#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "render/gl/gl_object.hpp"

namespace ivid::gl {

struct ShaderStageSource {
    std::string name;    // file name; its extension (.vert, .frag, .comp) selects the stage
    std::string source;  // GLSL text
};

using Shader = GlObject<delete_shader>;

// Stage of a shader file name; throws Error for names without a stage extension (e.g. .glsl).
GLenum shader_stage(const std::string& name);
// Compiles one stage; throws Error "<name>: compile failed: <driver log>".
Shader compile_shader(const ShaderStageSource& stage);

// The embedded file `name` with its `#include "x.glsl"` lines replaced by the embedded x.glsl.
std::string embedded_source_with_includes(const std::string& name);

class ShaderProgram {
public:
    explicit ShaderProgram(const std::vector<ShaderStageSource>& stages);
    // Program from embedded shaders/ files, e.g. {"mesh_view.vert", "mesh_view.frag"}.
    static ShaderProgram from_embedded(const std::vector<std::string>& names);

    void use() const;
    // Uniform setters; an unknown (or optimised-away) uniform name throws Error, so a typo
    // cannot silently leave a uniform at zero.
    void set(const std::string& uniform, const glm::mat4& value) const;
    void set(const std::string& uniform, float value) const;
    void set(const std::string& uniform, int value) const;
    void set(const std::string& uniform, const glm::vec3& value) const;
    void set(const std::string& uniform, const glm::ivec2& value) const;
    void set(const std::string& uniform, const std::vector<int>& values) const;  // int array

    GLuint id() const { return object_.id(); }

private:
    GLint location(const std::string& uniform) const;

    GlObject<delete_program> object_;
    std::string name_;  // "a.vert + a.frag", for messages
};

}  // namespace ivid::gl

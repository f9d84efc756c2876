#include "render/gl/shader_program.hpp"

#include <algorithm>
#include <sstream>

#include <glm/gtc/type_ptr.hpp>

#include "core/util/error.hpp"
#include "render/gl/shader_sources.hpp"

namespace ivid::gl {
namespace {

bool ends_with(const std::string& text, const std::string& suffix) {
    return text.size() >= suffix.size() &&
           text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The info log of a shader (glGetShaderiv + glGetShaderInfoLog) or a program (the glGetProgram*
// pair, same signatures).
std::string info_log(GLuint id, PFNGLGETSHADERIVPROC get_parameter,
                     PFNGLGETSHADERINFOLOGPROC get_log) {
    GLint length = 0;
    get_parameter(id, GL_INFO_LOG_LENGTH, &length);
    std::string log(static_cast<size_t>(std::max(length, 1)), '\0');
    get_log(id, length, nullptr, log.data());
    return log.c_str();
}

}  // namespace

GLenum shader_stage(const std::string& name) {
    if (ends_with(name, ".vert")) return GL_VERTEX_SHADER;
    if (ends_with(name, ".frag")) return GL_FRAGMENT_SHADER;
    if (ends_with(name, ".comp")) return GL_COMPUTE_SHADER;
    throw Error::at(name, "shader stage", "a .vert, .frag or .comp file", "another extension");
}

Shader compile_shader(const ShaderStageSource& stage) {
    Shader shader(glCreateShader(shader_stage(stage.name)));
    const char* text = stage.source.c_str();
    glShaderSource(shader.id(), 1, &text, nullptr);
    glCompileShader(shader.id());
    GLint ok = GL_FALSE;
    glGetShaderiv(shader.id(), GL_COMPILE_STATUS, &ok);
    if (ok != GL_TRUE) throw Error(stage.name + ": compile failed: " + info_log(shader.id(), glGetShaderiv, glGetShaderInfoLog));
    return shader;
}

ShaderProgram::ShaderProgram(const std::vector<ShaderStageSource>& stages)
    : object_(glCreateProgram()) {
    require(!stages.empty(), "shader program: expected at least one stage, found none");
    std::vector<Shader> shaders;
    for (const auto& stage : stages) {
        name_ += (name_.empty() ? "" : " + ") + stage.name;
        shaders.push_back(compile_shader(stage));
        glAttachShader(id(), shaders.back().id());
    }
    glLinkProgram(id());
    GLint ok = GL_FALSE;
    glGetProgramiv(id(), GL_LINK_STATUS, &ok);
    if (ok != GL_TRUE) throw Error(name_ + ": link failed: " + info_log(id(), glGetProgramiv, glGetProgramInfoLog));
    // Detached shaders are freed with their GlObject; the program keeps its binary.
    for (const auto& shader : shaders) glDetachShader(id(), shader.id());
}

std::string embedded_source_with_includes(const std::string& name) {
    static const std::string kDirective = "#include \"";
    std::istringstream lines{std::string(shader_source(name))};
    std::string out, line;
    while (std::getline(lines, line)) {
        if (line.rfind(kDirective, 0) == 0) {
            const size_t end = line.find('"', kDirective.size());
            if (end == std::string::npos)
                throw Error::at(name, "#include", "#include \"file.glsl\"", line);
            out += std::string(shader_source(line.substr(kDirective.size(), end - kDirective.size())));
        } else {
            out += line;
        }
        out += '\n';
    }
    return out;
}

ShaderProgram ShaderProgram::from_embedded(const std::vector<std::string>& names) {
    std::vector<ShaderStageSource> stages;
    for (const auto& name : names) stages.push_back({name, embedded_source_with_includes(name)});
    return ShaderProgram(stages);
}

void ShaderProgram::use() const { glUseProgram(id()); }

GLint ShaderProgram::location(const std::string& uniform) const {
    const GLint found = glGetUniformLocation(id(), uniform.c_str());
    if (found < 0) throw Error::at(name_, "uniform " + uniform, "an active uniform", "none");
    return found;
}

void ShaderProgram::set(const std::string& uniform, const glm::mat4& value) const {
    glProgramUniformMatrix4fv(id(), location(uniform), 1, GL_FALSE, glm::value_ptr(value));
}

void ShaderProgram::set(const std::string& uniform, float value) const {
    glProgramUniform1f(id(), location(uniform), value);
}

void ShaderProgram::set(const std::string& uniform, int value) const {
    glProgramUniform1i(id(), location(uniform), value);
}

void ShaderProgram::set(const std::string& uniform, const glm::vec3& value) const {
    glProgramUniform3fv(id(), location(uniform), 1, glm::value_ptr(value));
}

void ShaderProgram::set(const std::string& uniform, const glm::ivec2& value) const {
    glProgramUniform2iv(id(), location(uniform), 1, glm::value_ptr(value));
}

void ShaderProgram::set(const std::string& uniform, const std::vector<int>& values) const {
    glProgramUniform1iv(id(), location(uniform + "[0]"), static_cast<GLsizei>(values.size()), values.data());
}

}  // namespace ivid::gl

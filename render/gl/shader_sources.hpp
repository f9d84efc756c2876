// GLSL sources of shaders/, embedded into the binary at build time (cmake/EmbedShaders.cmake
// generates the definitions), looked up by file name, e.g. "mesh_view.frag".
#pragma once

#include <string_view>
#include <vector>

namespace ivid::gl {

// Throws Error naming the shader and listing the embedded ones when `name` is unknown.
std::string_view shader_source(std::string_view name);
// Every embedded file name, sorted.
std::vector<std::string_view> shader_names();

}  // namespace ivid::gl

// Small ImGui pieces the panels share: GL textures as ImGui images, editable paths, and the
// colours of errors and good news.
#pragma once

#include <filesystem>

#include <imgui.h>

#include "render/gl/gl.hpp"

namespace ivid {

inline const ImVec4 kErrorColour(1.0f, 0.45f, 0.4f, 1.0f);
inline const ImVec4 kNoticeColour(0.6f, 0.9f, 0.6f, 1.0f);

ImTextureID texture_id(GLuint id);

// An editable path; changes `path` as it is typed.
void path_field(const char* label, std::filesystem::path& path);

}  // namespace ivid

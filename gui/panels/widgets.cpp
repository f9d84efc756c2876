#include "gui/panels/widgets.hpp"

#include <cstdint>
#include <string>

#include <imgui_stdlib.h>

namespace ivid {

ImTextureID texture_id(GLuint id) { return reinterpret_cast<ImTextureID>(static_cast<intptr_t>(id)); }

void path_field(const char* label, std::filesystem::path& path) {
    std::string text = path.string();
    if (ImGui::InputText(label, &text)) path = text;
}

}  // namespace ivid

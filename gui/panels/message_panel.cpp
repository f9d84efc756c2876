#include "gui/panels/message_panel.hpp"

#include <imgui.h>

#include "gui/panels/widgets.hpp"

namespace ivid {
namespace {
constexpr float kWidth = 520.0f;
}  // namespace

void draw_message_panel(StudioState& state) {
    if (state.messages.empty()) return;
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(0.5f * display.x, 30.0f), ImGuiCond_Always, ImVec2(0.5f, 0.0f));
    ImGui::SetNextWindowSizeConstraints(ImVec2(kWidth, 0.0f), ImVec2(kWidth, 0.5f * display.y));
    constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoTitleBar | ImGuiWindowFlags_NoMove |
                                       ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings;
    if (ImGui::Begin("##messages", nullptr, flags)) {
        for (size_t i = 0; i < state.messages.size();) {
            const StudioMessage& message = state.messages[i];
            ImGui::PushID(static_cast<int>(i));
            const bool dismissed = ImGui::SmallButton("x");
            ImGui::SameLine();
            const bool error = message.kind == StudioMessage::Kind::Error;
            ImGui::PushStyleColor(ImGuiCol_Text, error ? kErrorColour : kNoticeColour);
            ImGui::PushTextWrapPos(kWidth - 16.0f);
            ImGui::TextUnformatted(message.text.c_str());
            ImGui::PopTextWrapPos();
            ImGui::PopStyleColor();
            ImGui::PopID();
            if (dismissed)
                state.messages.erase(state.messages.begin() + static_cast<long>(i));
            else
                ++i;
        }
        if (state.messages.size() > 1 && ImGui::SmallButton("Dismiss all")) state.messages.clear();
    }
    ImGui::End();
}

}  // namespace ivid

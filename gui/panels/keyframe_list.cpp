#include "gui/panels/keyframe_list.hpp"

#include <exception>

#include <glm/trigonometric.hpp>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/panels/viewport_input.hpp"
#include "gui/state/shortcuts.hpp"

namespace ivid {
namespace {

// One editable row; returns false when the row asks to be deleted.
bool draw_row(StudioState& state, int index) {
    Keyframe& key = state.keyframes.keys[index];
    ImGui::PushID(index);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1.0f);
    ImGui::DragFloat("##time", &key.time, 0.05f, 0.0f, 3600.0f, "%.2f s");
    float angles[2] = {glm::degrees(key.pose.yaw), glm::degrees(key.pose.pitch)};
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::DragFloat2("##angles", angles, 0.25f, -720.0f, 720.0f, "%.1f")) {
        key.pose.yaw = glm::radians(angles[0]);
        key.pose.pitch = glm::radians(angles[1]);
    }
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1.0f);
    ImGui::DragFloat("##radius", &key.pose.radius, 0.005f, 0.05f, 50.0f, "%.2f");
    ImGui::TableNextColumn();
    if (ImGui::SmallButton("go")) state.camera.set_pose(key.pose);
    ImGui::SameLine();
    const bool keep = !ImGui::SmallButton("x");
    ImGui::PopID();
    return keep;
}

void draw_table(StudioState& state) {
    constexpr ImGuiTableFlags flags = ImGuiTableFlags_Borders | ImGuiTableFlags_RowBg |
                                      ImGuiTableFlags_ScrollY | ImGuiTableFlags_SizingStretchProp;
    const float height = ImGui::GetTextLineHeightWithSpacing() * 6.0f;
    if (!ImGui::BeginTable("keyframes", 4, flags, ImVec2(0.0f, height))) return;
    ImGui::TableSetupScrollFreeze(0, 1);
    ImGui::TableSetupColumn("time", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("yaw, pitch (deg)", ImGuiTableColumnFlags_WidthStretch, 2.0f);
    ImGui::TableSetupColumn("radius", ImGuiTableColumnFlags_WidthStretch, 1.0f);
    ImGui::TableSetupColumn("", ImGuiTableColumnFlags_WidthFixed, 48.0f);
    ImGui::TableHeadersRow();
    std::vector<Keyframe>& keys = state.keyframes.keys;
    for (int i = 0; i < static_cast<int>(keys.size()); ++i)
        if (!draw_row(state, i)) keys.erase(keys.begin() + i--);
    ImGui::EndTable();
}

}  // namespace

void KeyframeList::draw(StudioState& state) {
    if (ImGui::Button(("Add camera (" + shortcut_keys(StudioAction::AddKeyframe) + ")").c_str()))
        apply_action(state, StudioAction::AddKeyframe);
    ImGui::SameLine();
    if (ImGui::Button("Clear")) state.keyframes.keys.clear();
    ImGui::SameLine();
    ImGui::TextDisabled("%zu keyframes", state.keyframes.keys.size());
    draw_table(state);
    draw_file(state);
}

void KeyframeList::draw_file(StudioState& state) {
    int format = static_cast<int>(format_);
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::Combo("##keyframe format", &format, "save as ivid-keyframes JSON\0save as nerfstudio camera_path.json\0"))
        format_ = static_cast<KeyframeFileFormat>(format);
    ImGui::SetNextItemWidth(-110.0f);
    ImGui::InputText("##keyframe file", &file_field_);
    ImGui::SameLine();
    if (ImGui::Button("Save")) {
        try {
            const ExportSettings& e = state.settings.export_settings;
            const CameraPathFormat camera{state.settings.render.fov_deg, e.width, e.height, e.fps};
            save_keyframe_file(state.keyframes, file_field_, format_, camera);
            state.notify("Saved " + std::to_string(state.keyframes.keys.size()) + " keyframes to " + file_field_);
        } catch (const std::exception& e) {
            state.report_error("Cannot save the keyframes", e);
        }
    }
    ImGui::SameLine();
    if (ImGui::Button("Load")) {
        try {
            LoadedKeyframes loaded = load_keyframe_file(file_field_);
            state.keyframes = std::move(loaded.path);
            format_ = loaded.format;
            if (!loaded.note.empty()) state.notify(file_field_ + ": " + loaded.note);
        } catch (const std::exception& e) {
            state.report_error("Cannot load the keyframes", e);
        }
    }
}

}  // namespace ivid

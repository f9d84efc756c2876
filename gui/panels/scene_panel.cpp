#include "gui/panels/scene_panel.hpp"

#include <cstdint>
#include <cstdio>
#include <utility>

#include <glm/trigonometric.hpp>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/image/label_colors.hpp"
#include "gui/panels/panel_placement.hpp"
#include "gui/panels/widgets.hpp"

namespace ivid {
namespace {

constexpr float kThumbnailSide = 40.0f;

void draw_open_row(StudioState& state) {
    ImGui::SetNextItemWidth(-60.0f);
    const bool entered = ImGui::InputTextWithHint("##folder", "scene folder", &state.scene_path_field,
                                                  ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Open") || entered) && !state.scene_path_field.empty())
        state.open_scene(state.scene_path_field);
    ImGui::TextDisabled("or drop a scene folder onto the window");
}

void draw_provenance(const Provenance& p) {
    ImGui::Text("Made by: %s (%s)", p.generator.c_str(),
                p.ground_truth ? "ground-truth render" : "generated");
    if (!p.date.empty()) ImGui::Text("Date: %s", p.date.c_str());
    if (p.seed) ImGui::Text("Seed: %llu", static_cast<unsigned long long>(*p.seed));
    if (p.class_label) ImGui::Text("Class label: %d", *p.class_label);
    for (const ModelIdentity& model : p.models)
        ImGui::BulletText("%s model: %s (sha256 %.12s)", model.role.c_str(), model.name.c_str(),
                          model.sha256.c_str());
    for (const auto& [title, details] : {std::pair{"Sampler settings", &p.sampler},
                                         std::pair{"Generator details", &p.extra}})
        if (!details->empty() && ImGui::TreeNode(title)) {
            ImGui::TextUnformatted(details->dump(2).c_str());
            ImGui::TreePop();
        }
}

// A view's row: label colour (as in the which-view-won map), thumbnail and pose.
void draw_view_row(StudioState& state, int index) {
    const View& view = state.scene->scene.views[index];
    ImGui::PushID(index);
    const auto swatch = label_color(index);
    ImGui::ColorButton("##label", ImVec4(swatch[0] / 255.0f, swatch[1] / 255.0f, swatch[2] / 255.0f, 1.0f),
                       ImGuiColorEditFlags_NoTooltip, ImVec2(8.0f, kThumbnailSide));
    ImGui::SameLine();
    ImGui::Image(texture_id(state.scene->thumbnails[index].id()), ImVec2(kThumbnailSide, kThumbnailSide));
    ImGui::SameLine();
    char label[96];
    std::snprintf(label, sizeof(label), "View %d\nyaw %+.1f, pitch %+.1f deg%s", index,
                  glm::degrees(view.yaw), glm::degrees(view.pitch), view.condition ? "  [cond]" : "");
    if (ImGui::Selectable(label, state.settings.inspector.source == index, ImGuiSelectableFlags_AllowDoubleClick,
                          ImVec2(0.0f, kThumbnailSide))) {
        state.settings.inspector.source = index;
        state.settings.panels.inspector = true;
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
            state.camera.set_pose(view_pose(view));
    }
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("click: inspect this view   double-click: move the camera onto it");
    ImGui::PopID();
}

void draw_scene_contents(StudioState& state) {
    const OpenScene& open = *state.scene;
    const Scene& scene = open.scene;
    if (open.dir.empty())
        ImGui::TextUnformatted("Folder: none (generated, not saved)");
    else
        ImGui::TextWrapped("Folder: %s", open.dir.string().c_str());
    ImGui::Text("%zu views, %d x %d, fov %.0f deg", scene.views.size(), scene.image_size,
                scene.image_size, scene.fov_deg);
    if (scene.base_image_size > 0)
        ImGui::TextDisabled("upsampled from %d x %d", scene.base_image_size, scene.base_image_size);
    if (ImGui::CollapsingHeader("Provenance", ImGuiTreeNodeFlags_DefaultOpen)) draw_provenance(scene.provenance);
    if (ImGui::CollapsingHeader("Views", ImGuiTreeNodeFlags_DefaultOpen)) {
        ImGui::BeginChild("views", ImVec2(0.0f, 0.0f), true);
        for (int i = 0; i < static_cast<int>(scene.views.size()); ++i) draw_view_row(state, i);
        ImGui::EndChild();
    }
}

}  // namespace

void draw_scene_panel(StudioState& state) {
    place_panel(PanelColumn::Left, 6.0f, 340.0f, 400.0f);
    if (ImGui::Begin("Scene", &state.settings.panels.scene)) {
        draw_open_row(state);
        ImGui::Separator();
        if (state.scene)
            draw_scene_contents(state);
        else
            ImGui::TextUnformatted("No scene open.");
    }
    ImGui::End();
}

}  // namespace ivid

#include "gui/panels/inspector_panel.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>

#include <glm/trigonometric.hpp>
#include <imgui.h>

#include "gui/panels/panel_placement.hpp"
#include "gui/panels/widgets.hpp"

namespace ivid {
namespace {

constexpr int kColourBarSteps = 64;

std::string source_label(const StudioState& state, int source) {
    if (source < 0) return "fused frame (viewport)";
    const View& view = state.scene->scene.views[source];
    char text[64];
    std::snprintf(text, sizeof(text), "view %d (yaw %+.1f, pitch %+.1f)", source, glm::degrees(view.yaw),
                  glm::degrees(view.pitch));
    return text;
}

ImU32 packed(const std::array<float, 3>& rgb) {
    return ImGui::GetColorU32(ImVec4(rgb[0], rgb[1], rgb[2], 1.0f));
}

}  // namespace

bool InspectorPanel::Shown::operator==(const Shown& o) const {
    return source == o.source && buffer == o.buffer && weight_view == o.weight_view &&
           frame_version == o.frame_version && scene_generation == o.scene_generation &&
           colormap == o.colormap && auto_range == o.auto_range && lo == o.lo && hi == o.hi;
}

void InspectorPanel::draw_choices(StudioState& state) {
    InspectorSettings& settings = state.settings.inspector;
    const int view_count = state.scene ? static_cast<int>(state.scene->scene.views.size()) : 0;
    settings.source = std::clamp(settings.source, -1, view_count - 1);
    if (ImGui::BeginCombo("source", source_label(state, settings.source).c_str())) {
        for (int source = -1; source < view_count; ++source)
            if (ImGui::Selectable(source_label(state, source).c_str(), source == settings.source))
                settings.source = source;
        ImGui::EndCombo();
    }
    const std::vector<InspectorBuffer> buffers = buffers_of(state, settings.source);
    if (std::find(buffers.begin(), buffers.end(), settings.buffer) == buffers.end())
        settings.buffer = buffers.front();
    if (ImGui::BeginCombo("buffer", inspector_buffer_label(settings.buffer).c_str())) {
        for (InspectorBuffer buffer : buffers)
            if (ImGui::Selectable(inspector_buffer_label(buffer).c_str(), buffer == settings.buffer))
                settings.buffer = buffer;
        ImGui::EndCombo();
    }
    if (settings.buffer == InspectorBuffer::BlendWeight && view_count > 0)
        ImGui::SliderInt("of view", &settings.weight_view, 0, view_count - 1);

    const bool depth = settings.buffer == InspectorBuffer::Depth || settings.buffer == InspectorBuffer::ConditionDepth;
    if (!depth && settings.buffer != InspectorBuffer::BlendWeight) return;
    const std::string map_name = colormap_name(settings.colormap);
    if (ImGui::BeginCombo("colormap", map_name.c_str())) {
        for (Colormap map : all_colormaps())
            if (ImGui::Selectable(colormap_name(map).c_str(), map == settings.colormap)) settings.colormap = map;
        ImGui::EndCombo();
    }
    if (!depth) return;
    ImGui::Checkbox("auto range (the buffer's min..max)", &settings.auto_range);
    ImGui::BeginDisabled(settings.auto_range);
    ImGui::DragFloat2("depth range", &settings.range.lo, 0.01f, 0.0f, 1000.0f, "%.3f");
    ImGui::EndDisabled();
}

void InspectorPanel::refresh(const StudioState& state) {
    const InspectorSettings& settings = state.settings.inspector;
    Shown wanted{settings.source, settings.buffer, settings.weight_view,
                 settings.source < 0 ? state.frame_version : 0,
                 state.scene ? state.scene->generation : 0, settings.colormap, settings.auto_range,
                 settings.range.lo, settings.range.hi};
    if (shown_ && *shown_ == wanted) return;
    shown_ = wanted;
    error_.clear();
    image_ = InspectedImage{};
    if (settings.source < 0 && state.frame_version == 0) return;  // nothing rendered yet
    try {
        image_ = inspect(state, settings.source, settings.buffer, settings);
        // Nearest when enlarging (pixels stay visible), linear when shrinking a window-sized frame.
        const bool shrinking = image_.display.width > ImGui::GetContentRegionAvail().x;
        texture_ = gl::Texture2D(image_.display,
                                 shrinking ? gl::TextureFilter::Linear : gl::TextureFilter::Nearest);
    } catch (const std::exception& e) {
        error_ = e.what();
        image_ = InspectedImage{};
    }
}

void InspectorPanel::draw_picture() const {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float aspect = static_cast<float>(image_.display.height) / static_cast<float>(image_.display.width);
    const float width = std::max(16.0f, std::min(avail.x, (avail.y - 40.0f) / aspect));
    const ImVec2 size(width, width * aspect);
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Image(texture_id(texture_.id()), size);
    if (!ImGui::IsItemHovered()) return;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const int col = std::clamp(static_cast<int>((mouse.x - origin.x) / size.x * image_.display.width), 0,
                               image_.display.width - 1);
    const int row = std::clamp(static_cast<int>((mouse.y - origin.y) / size.y * image_.display.height), 0,
                               image_.display.height - 1);
    ImGui::SetTooltip("%s", describe_pixel(image_, row, col).c_str());
}

void InspectorPanel::draw_colour_bar() const {
    if (image_.values.empty() || image_.unit == "mask") return;
    const Colormap map = shown_->colormap;
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    const float width = ImGui::GetContentRegionAvail().x, height = 10.0f;
    ImDrawList* draw = ImGui::GetWindowDrawList();
    for (int i = 0; i < kColourBarSteps; ++i) {
        const float x0 = origin.x + width * i / kColourBarSteps, x1 = origin.x + width * (i + 1) / kColourBarSteps;
        draw->AddRectFilled(ImVec2(x0, origin.y), ImVec2(x1, origin.y + height),
                            packed(colormap_rgb(map, (i + 0.5f) / kColourBarSteps)));
    }
    ImGui::Dummy(ImVec2(width, height));
    ImGui::Text("%s %.3f", image_.unit.c_str(), image_.range.lo);
    char hi[32];
    std::snprintf(hi, sizeof(hi), "%.3f", image_.range.hi);
    ImGui::SameLine(std::max(0.0f, width - ImGui::CalcTextSize(hi).x));
    ImGui::TextUnformatted(hi);
}

void InspectorPanel::draw(StudioState& state) {
    place_panel(PanelColumn::Right, 6.0f, 360.0f, 434.0f);
    if (ImGui::Begin("Inspector", &state.settings.panels.inspector)) {
        ImGui::PushItemWidth(220.0f);
        draw_choices(state);
        ImGui::PopItemWidth();
        ImGui::Separator();
        refresh(state);
        if (!error_.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
            ImGui::TextWrapped("%s", error_.c_str());
            ImGui::PopStyleColor();
        } else if (image_.display.empty()) {
            ImGui::TextUnformatted(state.scene ? "No frame rendered yet." : "No scene open.");
        } else {
            draw_colour_bar();
            draw_picture();
        }
    }
    ImGui::End();
}

}  // namespace ivid

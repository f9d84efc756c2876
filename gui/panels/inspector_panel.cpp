#include "gui/panels/inspector_panel.hpp"

#include <algorithm>
#include <cstdio>
#include <exception>
#include <string>
#include <utility>

#include <glm/trigonometric.hpp>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/panels/inspector_save.hpp"
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

std::string size_text(int width, int height) { return std::to_string(width) + " x " + std::to_string(height); }

// Nearest when enlarging (pixels stay visible), linear when shrinking a window-sized frame.
gl::Texture2D upload(const ImageU8& image, float shown_width) {
    return gl::Texture2D(image, image.width > shown_width ? gl::TextureFilter::Linear : gl::TextureFilter::Nearest);
}

// The picture at `size`, with the value under the mouse in a tooltip.
void draw_picture(const InspectedImage& image, const gl::Texture2D& texture, ImVec2 size) {
    const ImVec2 origin = ImGui::GetCursorScreenPos();
    ImGui::Image(texture_id(texture.id()), size);
    if (!ImGui::IsItemHovered()) return;
    const ImVec2 mouse = ImGui::GetIO().MousePos;
    const int col = std::clamp(static_cast<int>((mouse.x - origin.x) / size.x * image.display.width), 0,
                               image.display.width - 1);
    const int row = std::clamp(static_cast<int>((mouse.y - origin.y) / size.y * image.display.height), 0,
                               image.display.height - 1);
    ImGui::SetTooltip("%s", describe_pixel(image, row, col).c_str());
}

}  // namespace

bool InspectorPanel::Shown::operator==(const Shown& o) const {
    return source == o.source && buffer == o.buffer && weight_view == o.weight_view &&
           frame_version == o.frame_version && scene_generation == o.scene_generation &&
           colormap == o.colormap && auto_range == o.auto_range && lo == o.lo && hi == o.hi &&
           beside_base == o.beside_base;
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
    if (has_base_version(state, settings.source, settings.buffer))
        ImGui::Checkbox("base and upsampled side by side", &settings.compare_base);
    if (settings.buffer == InspectorBuffer::BlendWeight && view_count > 0)
        ImGui::SliderInt("of view", &settings.weight_view, 0, view_count - 1);

    const bool depth = settings.buffer == InspectorBuffer::Depth || settings.buffer == InspectorBuffer::ConditionDepth;
    if (!depth && settings.buffer != InspectorBuffer::BlendWeight) return;
    const std::string map_name = colormap_name(settings.colormap);
    if (ImGui::BeginCombo("colormap", map_name.c_str())) {
        for (const auto& [map, name] : kColormapNames)
            if (ImGui::Selectable(name, map == settings.colormap)) settings.colormap = map;
        ImGui::EndCombo();
    }
    if (!depth) return;
    const bool pair = settings.compare_base && has_base_version(state, settings.source, settings.buffer);
    ImGui::Checkbox(pair ? "auto range (both buffers' min..max)###auto range" : "auto range (the buffer's min..max)###auto range",
                    &settings.auto_range);
    ImGui::BeginDisabled(settings.auto_range);
    ImGui::DragFloat2("depth range", &settings.range.lo, 0.01f, 0.0f, 1000.0f, "%.3f");
    ImGui::EndDisabled();
}

void InspectorPanel::refresh(const StudioState& state) {
    const InspectorSettings& settings = state.settings.inspector;
    Shown wanted{settings.source, settings.buffer, settings.weight_view,
                 settings.source < 0 ? state.frame_version : 0,
                 state.scene ? state.scene->generation : 0, settings.colormap, settings.auto_range,
                 settings.range.lo, settings.range.hi,
                 settings.compare_base && has_base_version(state, settings.source, settings.buffer)};
    if (shown_ && *shown_ == wanted) return;
    shown_ = wanted;
    error_.clear();
    size_note_.clear();
    image_ = InspectedImage{};
    base_image_ = InspectedImage{};
    if (settings.source < 0 && state.frame_version == 0) return;  // nothing rendered yet
    try {
        const float width = ImGui::GetContentRegionAvail().x;
        if (wanted.beside_base) {
            auto [base, upsampled] = inspect_base_and_upsampled(state, settings.source, settings.buffer, settings);
            image_ = std::move(upsampled);
            base_image_ = std::move(base);
            base_texture_ = upload(base_image_.display, 0.5f * width);
            texture_ = upload(image_.display, 0.5f * width);
            return;
        }
        image_ = inspect(state, settings.source, settings.buffer, settings);
        texture_ = upload(image_.display, width);
        // Views of upsampled scenes: which size this is (condition buffers stay at the base size).
        const Scene* scene = state.scene ? &state.scene->scene : nullptr;
        if (settings.source >= 0 && scene && scene->base_image_size > 0)
            size_note_ = size_text(image_.display.width, image_.display.height) +
                         (image_.display.width == scene->image_size
                              ? ", upsampled from " + size_text(scene->base_image_size, scene->base_image_size)
                              : ", the base size (before super-resolution)");
    } catch (const std::exception& e) {
        error_ = e.what();
        image_ = InspectedImage{};
        base_image_ = InspectedImage{};
    }
}

// The base view and the upsampled one at the same size, so each base pixel covers the
// upsampled pixels made from it.
void InspectorPanel::draw_side_by_side() const {
    const ImVec2 avail = ImGui::GetContentRegionAvail();
    const float spacing = ImGui::GetStyle().ItemSpacing.x;
    const float aspect = static_cast<float>(image_.display.height) / static_cast<float>(image_.display.width);
    const float label = ImGui::GetTextLineHeightWithSpacing();
    const float width = std::max(16.0f, std::min(0.5f * (avail.x - spacing), (avail.y - 40.0f - label) / aspect));
    const ImVec2 size(width, width * aspect);
    const std::pair<const char*, const InspectedImage*> sides[] = {{"base", &base_image_}, {"upsampled", &image_}};
    for (const auto& [name, image] : sides) {
        if (image == &image_) ImGui::SameLine();
        ImGui::BeginGroup();
        ImGui::Text("%s %s", name, size_text(image->display.width, image->display.height).c_str());
        draw_picture(*image, image == &image_ ? texture_ : base_texture_, size);
        ImGui::EndGroup();
    }
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

void InspectorPanel::draw_save(StudioState& state) {
    ImGui::SetNextItemWidth(160.0f);
    ImGui::InputText("##save stem", &save_stem_);
    ImGui::SameLine();
    ImGui::Checkbox("overwrite##save", &save_overwrite_);
    ImGui::SameLine();
    ImGui::BeginDisabled(!state.scene);
    if (ImGui::Button("Save buffers")) {
        try {
            std::string names;
            for (const auto& file : save_source_buffers(state, state.settings.inspector.source, save_stem_, save_overwrite_))
                names += (names.empty() ? "" : ", ") + file.string();
            state.notify("Saved " + names);
        } catch (const std::exception& e) {
            state.report_error("Cannot save the buffer", e);
        }
    }
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("The source's colour as STEM.png, its z-depth as STEM.exr (float Z) and STEM_mm.png (16-bit mm)");
}

void InspectorPanel::draw(StudioState& state) {
    place_panel(PanelColumn::Right, 6.0f, 360.0f, 434.0f);
    if (ImGui::Begin("Inspector", &state.settings.panels.inspector)) {
        ImGui::PushItemWidth(220.0f);
        draw_choices(state);
        ImGui::PopItemWidth();
        refresh(state);
        draw_save(state);
        ImGui::Separator();
        if (!error_.empty()) {
            ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
            ImGui::TextWrapped("%s", error_.c_str());
            ImGui::PopStyleColor();
        } else if (image_.display.empty()) {
            ImGui::TextUnformatted(state.scene ? "No frame rendered yet." : "No scene open.");
        } else if (!base_image_.display.empty()) {
            draw_colour_bar();
            draw_side_by_side();
        } else {
            if (!size_note_.empty()) ImGui::TextDisabled("%s", size_note_.c_str());
            draw_colour_bar();
            const ImVec2 avail = ImGui::GetContentRegionAvail();
            const float aspect = static_cast<float>(image_.display.height) / static_cast<float>(image_.display.width);
            const float width = std::max(16.0f, std::min(avail.x, (avail.y - 40.0f) / aspect));
            draw_picture(image_, texture_, ImVec2(width, width * aspect));
        }
    }
    ImGui::End();
}

}  // namespace ivid

#include "gui/panels/export_panel.hpp"

#include <algorithm>
#include <exception>
#include <memory>
#include <string>

#include <glm/trigonometric.hpp>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "gui/panels/panel_placement.hpp"
#include "gui/panels/scene_export_section.hpp"
#include "gui/panels/widgets.hpp"

namespace fs = std::filesystem;

namespace ivid {
namespace {

// A checkbox that enables an optional output by giving it a default path, or disables it by
// clearing the path (the exporter skips outputs with empty paths).
void optional_output(const char* label, fs::path& path, const char* default_path) {
    bool enabled = !path.empty();
    if (ImGui::Checkbox(label, &enabled)) path = enabled ? fs::path(default_path) : fs::path();
    if (!enabled) return;
    ImGui::Indent();
    path_field((std::string("##") + label).c_str(), path);
    ImGui::Unindent();
}

std::string joined(const std::vector<std::string>& parts) {
    std::string text;
    for (const std::string& part : parts) text += (text.empty() ? "" : ", ") + part;
    return text;
}

}  // namespace

void ExportPanel::draw_trajectory(StudioState& state) {
    TrajectorySpec& s = state.settings.export_settings.trajectory;
    int kind = static_cast<int>(s.kind);
    ImGui::RadioButton("swing (IVID)", &kind, static_cast<int>(TrajectoryKind::Swing));
    ImGui::SameLine();
    ImGui::RadioButton("orbit 360", &kind, static_cast<int>(TrajectoryKind::Orbit));
    ImGui::SameLine();
    ImGui::RadioButton("keyframes", &kind, static_cast<int>(TrajectoryKind::Keyframes));
    ImGui::SameLine();
    ImGui::RadioButton("random (IVID)", &kind, static_cast<int>(TrajectoryKind::Random));
    s.kind = static_cast<TrajectoryKind>(kind);
    if (s.kind == TrajectoryKind::Random) {
        int seed = int(std::min<uint64_t>(s.random_seed, uint64_t(INT32_MAX)));
        if (ImGui::InputInt("pose seed", &seed)) s.random_seed = uint64_t(std::max(seed, 0));
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("render.py --traj random: yaw ~ N(0, 0.3), pitch ~ N(0, 0.15), clipped to +-0.6 / +-0.15");
    }
    if (s.kind == TrajectoryKind::Orbit) {
        float pitch = glm::degrees(s.orbit_pitch);
        if (ImGui::SliderFloat("pitch (deg)", &pitch, -80.0f, 80.0f, "%.1f")) s.orbit_pitch = glm::radians(pitch);
    }
    if (s.kind == TrajectoryKind::Keyframes)
        keyframes_.draw(state);
    else
        ImGui::SliderFloat("radius", &s.radius, 0.2f, 4.0f, "%.2f");
}

void ExportPanel::draw_outputs(ExportSettings& s) {
    ImGui::InputInt("frames", &s.trajectory.frames);
    s.trajectory.frames = std::clamp(s.trajectory.frames, 1, 100000);
    float fps = static_cast<float>(s.fps);
    if (ImGui::InputFloat("fps", &fps, 1.0f, 5.0f, "%.1f")) s.fps = std::clamp(fps, 1.0f, 240.0f);
    int size[2] = {s.width, s.height};
    if (ImGui::InputInt2("size", size)) {
        // H.264 4:2:0 wants even sizes.
        s.width = std::clamp(size[0] / 2 * 2, 2, 8192);
        s.height = std::clamp(size[1] / 2 * 2, 2, 8192);
    }
    ImGui::SliderInt("supersampling", &s.render.supersampling, 1, FusionRenderSettings::kMaxSupersampling,
                     "%dx");
    ImGui::Separator();
    path_field("video (.mp4)", s.video);
    optional_output("PNG sequence folder", s.png_dir, "turntable_frames");
    optional_output("colourised depth (.mp4)", s.depth_video, "turntable_depth.mp4");
    if (!s.depth_video.empty()) {
        int map = static_cast<int>(s.depth_colormap);
        if (ImGui::Combo("depth colormap", &map, "turbo\0viridis\0grey\0"))
            s.depth_colormap = static_cast<Colormap>(map);
    }
    optional_output("depth EXR folder (float Z)", s.depth_exr_dir, "turntable_depth_exr");
    optional_output("depth PNG folder (16-bit mm)", s.depth_png16_dir, "turntable_depth_mm");
    ImGui::Checkbox("overwrite existing outputs", &s.overwrite);
}

void ExportPanel::draw_progress(StudioState& state) {
    TurntableExporter& job = *state.exporter;
    char text[64];
    std::snprintf(text, sizeof(text), "%d / %d frames", job.frames_done(), job.frame_count());
    ImGui::ProgressBar(static_cast<float>(job.progress()), ImVec2(-80.0f, 0.0f), text);
    ImGui::SameLine();
    if (ImGui::Button("Cancel")) {
        job.cancel();
        state.exporter.reset();
        state.notify("Export cancelled; nothing was written.");
    }
}

void ExportPanel::start(StudioState& state) {
    try {
        ExportSettings job = state.settings.export_settings;
        // The turntable looks like the viewport: its blend mode, parameters, background and fov,
        // at the export's own supersampling.
        const int supersampling = job.render.supersampling;
        job.render = state.settings.render;
        job.render.supersampling = supersampling;
        std::vector<OrbitPose> poses = state.export_poses();
        job.trajectory.kind = TrajectoryKind::Swing;  // the poses are given; no keyframe file needed
        state.exporter = std::make_unique<TurntableExporter>(state.renderer, state.scene->scene, job, std::move(poses));
    } catch (const std::exception& e) {
        state.exporter.reset();
        state.report_error("Cannot start the export", e);
    }
}

void ExportPanel::draw(StudioState& state) {
    place_panel(PanelColumn::Right, 448.0f, 360.0f, 322.0f);
    if (ImGui::Begin("Export", &state.settings.panels.export_panel)) {
        // The start button and the progress come first: always visible, however short the panel.
        if (state.exporter) {
            draw_progress(state);
        } else {
            ImGui::BeginDisabled(!state.scene);
            if (ImGui::Button("Export turntable")) start(state);
            ImGui::EndDisabled();
            if (!state.scene) ImGui::TextDisabled("Open a scene first.");
        }
        ImGui::Separator();
        ImGui::PushItemWidth(200.0f);
        ImGui::BeginDisabled(state.exporter != nullptr);
        if (ImGui::CollapsingHeader("Trajectory", ImGuiTreeNodeFlags_DefaultOpen)) draw_trajectory(state);
        if (ImGui::CollapsingHeader("Frames and outputs", ImGuiTreeNodeFlags_DefaultOpen))
            draw_outputs(state.settings.export_settings);
        if (ImGui::CollapsingHeader("Scene export (glb, ply, splats, nerfstudio, depth)", ImGuiTreeNodeFlags_DefaultOpen))
            draw_scene_export(state);
        ImGui::EndDisabled();
        ImGui::PopItemWidth();
    }
    ImGui::End();
}

void advance_export(StudioState& state) {
    if (!state.exporter) return;
    try {
        if (state.exporter->step()) return;
        std::string text = "Export finished: " + joined(state.exporter->outputs());
        if (!state.exporter->codec_note().empty()) text += " (" + state.exporter->codec_note() + ")";
        state.notify(text);
    } catch (const std::exception& e) {
        state.report_error("Export failed (no partial file was left)", e);
    }
    state.exporter.reset();
}

}  // namespace ivid

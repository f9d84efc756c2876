#include "gui/panels/view_panel.hpp"

#include <algorithm>
#include <string>

#include <glm/trigonometric.hpp>
#include <imgui.h>

#include "gui/panels/panel_placement.hpp"
#include "gui/panels/viewport_input.hpp"
#include "gui/state/shortcuts.hpp"

namespace ivid {
namespace {

void draw_camera(StudioState& state) {
    OrbitPose pose = state.camera.pose();
    float angles[2] = {glm::degrees(pose.yaw), glm::degrees(pose.pitch)};
    bool changed = ImGui::DragFloat2("yaw, pitch (deg)", angles, 0.25f, -720.0f, 720.0f, "%.1f");
    changed |= ImGui::DragFloat("radius", &pose.radius, 0.005f, OrbitController::kMinRadius,
                                OrbitController::kMaxRadius, "%.3f");
    if (changed) {
        pose.yaw = glm::radians(angles[0]);
        pose.pitch = glm::radians(angles[1]);
        state.camera.set_pose(pose);
    }
    if (ImGui::Button(("Front view (" + shortcut_keys(StudioAction::ResetCamera) + ")").c_str()))
        apply_action(state, StudioAction::ResetCamera);
    ImGui::SameLine();
    ImGui::BeginDisabled(!state.scene);
    if (ImGui::Button(("Snap to nearest view (" + shortcut_keys(StudioAction::SnapToView) + ")").c_str()))
        apply_action(state, StudioAction::SnapToView);
    ImGui::EndDisabled();
    if (!state.scene) return;
    const Scene& scene = state.scene->scene;
    const size_t nearest = nearest_view(scene, state.camera.pose());
    ImGui::Text("Nearest view: %zu, %.1f deg away", nearest,
                glm::degrees(direction_angle(view_pose(scene.views[nearest]), state.camera.pose())));
    const ViewsetCoverage& box = state.scene->coverage;
    ImGui::TextDisabled("Viewset covers yaw %+.0f..%+.0f, pitch %+.0f..%+.0f deg",
                        glm::degrees(box.yaw_min), glm::degrees(box.yaw_max),
                        glm::degrees(box.pitch_min), glm::degrees(box.pitch_max));
}

void draw_blend_settings(FusionRenderSettings& render, int view_count) {
    ImGui::SliderFloat("fov (deg)", &render.fov_deg, 10.0f, 120.0f, "%.0f");
    ImGui::SliderInt("supersampling", &render.supersampling, 1, FusionRenderSettings::kMaxSupersampling,
                     "%dx");
    int mode = render.blend_mode == BlendMode::Ivid ? 0 : 1;
    if (ImGui::Combo("blend mode", &mode, "IVID (render.py)\0depth-aware\0"))
        render.blend_mode = mode == 0 ? BlendMode::Ivid : BlendMode::DepthAware;
    if (render.blend_mode == BlendMode::DepthAware) {
        ImGui::SliderFloat("view sharpness", &render.view_sharpness, 0.25f, 16.0f, "%.2f",
                           ImGuiSliderFlags_Logarithmic);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("how strongly the source view nearest the camera ray wins");
        ImGui::SliderFloat("depth epsilon", &render.depth_epsilon, 0.002f, 0.2f, "%.3f",
                           ImGuiSliderFlags_Logarithmic);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("relative depth behind the nearest confident surface that still blends");
        ImGui::SliderInt("views drawn", &render.max_views, 0, std::max(view_count, render.max_views),
                         render.max_views == 0 ? "all" : "%d");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("blend only the N views that see the frame from the nearest angles (0: all).\n"
                              "Fewer is faster; the others get almost no weight where these see the surface");
        ImGui::SliderFloat("max detail", &render.max_detail, 0.0f, 4.0f,
                           render.max_detail == 0.0f ? "exact" : "%.1f px / view px");
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("render at most this many pixels per source-view pixel and upscale\n"
                              "(the views hold no finer detail); 0: render at the window's size");
        ImGui::Checkbox("merge planar blocks", &render.merge_planar);
        if (ImGui::IsItemHovered())
            ImGui::SetTooltip("draw the parts of each view that lie within 0.2%% of a plane as fewer, larger\n"
                              "triangles (colour still per source pixel); off: every pixel's two triangles");
    }
    ImGui::ColorEdit3("background", &render.background.r);
    if (ImGui::Button("Default rendering")) render = FusionRenderSettings{};
}

// IVID render.py's --atol / --rtol / --erode_rgb for the open scene: where the view meshes are
// cut at depth edges. Applied when a slider is released (re-meshing every view takes a moment).
void draw_meshing(StudioState& state) {
    if (!state.scene) return;
    MeshingTolerances edited = state.scene->meshing;
    bool done = false;
    ImGui::BeginDisabled(state.exporter != nullptr);  // an export renders with the current meshes
    ImGui::SliderFloat("atol", &edited.atol, 0.0f, 1.0f, "%.3f", ImGuiSliderFlags_Logarithmic);
    done |= ImGui::IsItemDeactivatedAfterEdit();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("depth-edge tolerance, absolute (z-buffer units); larger keeps more faces");
    ImGui::SliderFloat("rtol", &edited.rtol, 0.0f, 1.0f, "%.3f", ImGuiSliderFlags_Logarithmic);
    done |= ImGui::IsItemDeactivatedAfterEdit();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("depth-edge tolerance, relative");
    ImGui::SliderInt("erode rgb", &edited.erode_rgb, 1, 16);
    done |= ImGui::IsItemDeactivatedAfterEdit();
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("colour erosion at depth edges, kernel 2K-1");
    if (done) state.set_meshing(edited);
    const MeshingTolerances recorded = meshing_from_provenance(state.scene->scene);
    const MeshingTolerances& shown = state.scene->meshing;
    const bool overridden = recorded.atol != shown.atol || recorded.rtol != shown.rtol || recorded.erode_rgb != shown.erode_rgb;
    const std::string source = overridden ? "edited" : meshing_source(state.scene->scene);
    ImGui::TextDisabled("meshing: %s", source.c_str());
    if (overridden) {
        ImGui::SameLine();
        if (ImGui::SmallButton("Reset meshing")) state.set_meshing(recorded);
    }
    ImGui::EndDisabled();
}

void draw_statistics(const StudioState& state) {
    const FusionFrameStats& stats = state.renderer.stats();
    ImGui::TextDisabled("%d views drawn at %d x %d, %.1f ms", stats.views_drawn, stats.render_width,
                        stats.render_height, state.last_render_ms);
}

}  // namespace

void draw_view_panel(StudioState& state) {
    place_panel(PanelColumn::Left, 414.0f, 340.0f, 356.0f);
    if (ImGui::Begin("View", &state.settings.panels.view)) {
        ImGui::PushItemWidth(150.0f);
        draw_camera(state);
        ImGui::Separator();
        draw_blend_settings(state.settings.render, state.renderer.view_count());
        if (state.scene && ImGui::CollapsingHeader("Meshing (depth-edge cuts)")) draw_meshing(state);
        ImGui::PopItemWidth();
        draw_statistics(state);
    }
    ImGui::End();
}

}  // namespace ivid

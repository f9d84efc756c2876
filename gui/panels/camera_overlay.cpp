#include "gui/panels/camera_overlay.hpp"

#include <cstdio>

#include <glm/trigonometric.hpp>
#include <imgui.h>

namespace ivid {
namespace {
const ImVec4 kWarningColour(1.0f, 0.7f, 0.2f, 1.0f);
}  // namespace

void draw_camera_overlay(const StudioState& state) {
    const ImVec2 display = ImGui::GetIO().DisplaySize;
    ImGui::SetNextWindowPos(ImVec2(0.5f * display.x, display.y - 10.0f), ImGuiCond_Always, ImVec2(0.5f, 1.0f));
    ImGui::SetNextWindowBgAlpha(0.55f);
    constexpr ImGuiWindowFlags flags = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoInputs |
                                       ImGuiWindowFlags_AlwaysAutoResize | ImGuiWindowFlags_NoSavedSettings |
                                       ImGuiWindowFlags_NoFocusOnAppearing | ImGuiWindowFlags_NoNav;
    if (ImGui::Begin("##camera", nullptr, flags)) {
        const OrbitPose& pose = state.camera.pose();
        ImGui::Text("yaw %+.1f  pitch %+.1f deg  radius %.2f", glm::degrees(pose.yaw), glm::degrees(pose.pitch),
                    pose.radius);
        if (state.scene) {
            const Scene& scene = state.scene->scene;
            const size_t nearest = nearest_view(scene, pose);
            ImGui::SameLine();
            ImGui::TextDisabled("|  nearest view %zu (%.1f deg)", nearest,
                                glm::degrees(direction_angle(view_pose(scene.views[nearest]), pose)));
            if (!covers(state.scene->coverage, pose))
                ImGui::TextColored(kWarningColour,
                                   "Outside the viewset's range: no view saw this side (N snaps back)");
        }
        if (state.exporter) ImGui::TextColored(kWarningColour, "Exporting: the viewport shows the export frames");
    }
    ImGui::End();
}

}  // namespace ivid

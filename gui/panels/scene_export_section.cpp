#include "gui/panels/scene_export_section.hpp"

#include <exception>
#include <string>

#include <imgui.h>

#include "core/scene/scene_meshing.hpp"
#include "core/util/error.hpp"
#include "gui/panels/widgets.hpp"

namespace fs = std::filesystem;

namespace ivid {
namespace {

constexpr const char* kFormatLabels = "glTF .glb\0point cloud .ply\0" "3DGS splats .ply\0nerfstudio folder\0float depth folder\0";

// The extension a format's output has; folders have none.
std::string extension_of(SceneExportFormat format) {
    switch (format) {
        case SceneExportFormat::Glb: return ".glb";
        case SceneExportFormat::Points:
        case SceneExportFormat::Splat: return ".ply";
        default: return "";
    }
}

}  // namespace

bool export_open_scene(StudioState& state) {
    const SceneExportSettings& s = state.settings.scene_export;
    try {
        if (!state.scene) throw Error::at("scene export", "scene", "an open scene", "none");
        const Scene& scene = state.scene->scene;
        SceneExportOptions options;
        options.format = s.format;
        options.meshing = state.scene->meshing;  // as the viewport shows it
        options.overwrite = s.overwrite;
        if (s.format == SceneExportFormat::Glb) {
            options.merge_views = s.merge_views;
            options.cameras = s.cameras;
            options.fps = float(state.settings.export_settings.fps);
            if (s.include_trajectory) options.trajectory = state.export_poses();
        }
        options.dedup = s.dedup && (s.format == SceneExportFormat::Points || s.format == SceneExportFormat::Splat);
        const nlohmann::json report = export_scene(scene, options, s.out);
        std::string details;
        for (const auto& [key, value] : report.items())
            if (value.is_number()) details += (details.empty() ? "" : ", ") + key + " " + value.dump();
        state.notify("Exported " + s.out.string() + " (" + scene_export_format_name(s.format) + "): " + details);
        return true;
    } catch (const std::exception& e) {
        state.report_error("Scene export failed (nothing was written)", e);
        return false;
    }
}

void draw_scene_export(StudioState& state) {
    SceneExportSettings& s = state.settings.scene_export;
    int format = static_cast<int>(s.format);
    if (ImGui::Combo("format", &format, kFormatLabels)) {
        s.format = static_cast<SceneExportFormat>(format);
        // The output keeps its name and takes the format's kind: scene.glb -> scene.ply -> scene.
        s.out = (s.out.empty() ? fs::path("scene") : s.out).replace_extension(extension_of(s.format));
    }
    switch (s.format) {
        case SceneExportFormat::Glb:
            ImGui::Checkbox("merge views into one mesh", &s.merge_views);
            ImGui::Checkbox("view cameras", &s.cameras);
            ImGui::Checkbox("trajectory as animated camera", &s.include_trajectory);
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip("The Trajectory section's path, one key per frame at its fps");
            break;
        case SceneExportFormat::Points:
        case SceneExportFormat::Splat:
            ImGui::Checkbox("drop points an earlier view shows", &s.dedup);
            break;
        default: break;
    }
    const std::string extension = extension_of(s.format);
    path_field((extension.empty() ? "output folder###scene export out" : "output (" + extension + ")###scene export out").c_str(),
               s.out);
    ImGui::Checkbox("overwrite###scene export overwrite", &s.overwrite);
    ImGui::SameLine();
    ImGui::BeginDisabled(!state.scene);
    if (ImGui::Button("Export scene")) export_open_scene(state);
    ImGui::EndDisabled();
}

}  // namespace ivid

#include "gui/state/studio_state.hpp"

#include <algorithm>
#include <cstdio>

#include "core/scene/scene_io.hpp"

namespace ivid {
namespace {

uint64_t next_scene_generation() {
    static uint64_t generation = 0;
    return ++generation;
}

}  // namespace

StudioState::StudioState(StudioSettings initial_settings) : settings(std::move(initial_settings)) {}

bool StudioState::open_scene(const std::filesystem::path& dir) {
    scene_path_field = dir.string();
    try {
        show_scene(load_scene(dir), dir, false);
        settings.last_scene = std::filesystem::absolute(dir);
        return true;
    } catch (const std::exception& e) {
        report_error("Cannot open the scene " + dir.string(), e);
        // The renderer may hold part of the failed upload: give it the old scene back.
        if (scene) renderer.set_scene(scene->scene, scene->meshing);
        return false;
    }
}

void StudioState::show_scene(Scene shown, const std::filesystem::path& dir, bool same_scene) {
    OpenScene opened;
    opened.scene = std::move(shown);
    opened.dir = dir;
    opened.coverage = viewset_coverage(opened.scene);
    for (const View& view : opened.scene.views)
        opened.thumbnails.emplace_back(view.color, gl::TextureFilter::Linear);
    // An export renders through the renderer: it cannot outlive the scene it holds.
    if (exporter) {
        exporter->cancel();
        exporter.reset();
        notify("The running export was cancelled: another scene was opened.");
    }
    // A new state of the scene being generated keeps an override the user made for it.
    opened.meshing = same_scene && scene ? scene->meshing : meshing_from_provenance(opened.scene);
    renderer.set_scene(opened.scene, opened.meshing);
    opened.generation = next_scene_generation();
    scene = std::move(opened);
    const int last_view = static_cast<int>(scene->scene.views.size()) - 1;
    settings.inspector.source = std::min(settings.inspector.source, last_view);
    settings.inspector.weight_view = std::max(0, std::min(settings.inspector.weight_view, last_view));
    if (!same_scene) camera.reset();
}

void StudioState::set_meshing(const MeshingTolerances& meshing) {
    if (!scene) return;
    try {
        validate(meshing, "View panel");
        renderer.set_scene(scene->scene, meshing);
        scene->meshing = meshing;
    } catch (const std::exception& e) {
        report_error("Cannot re-mesh the scene", e);
        renderer.set_scene(scene->scene, scene->meshing);
    }
}

void StudioState::snap_to_nearest_view() {
    if (!scene || scene->scene.views.empty()) return;
    const size_t nearest = nearest_view(scene->scene, camera.pose());
    camera.set_pose(view_pose(scene->scene.views[nearest]));
}

void StudioState::add_keyframe() {
    Keyframe key;
    key.time = keyframes.keys.empty() ? 0.0f : keyframes.keys.back().time + 1.0f;
    key.pose = camera.pose();
    keyframes.keys.push_back(key);
}

std::vector<OrbitPose> StudioState::export_poses() const {
    const ExportSettings& s = settings.export_settings;
    if (s.trajectory.kind == TrajectoryKind::Keyframes) return trajectory_keyframes(keyframes, s.trajectory.frames);
    return trajectory_poses(s.trajectory);  // the trajectory alone: the turntable's outputs may be unset
}

void StudioState::report_error(const std::string& context, const std::exception& error) {
    const std::string text = context + ": " + error.what();
    std::fprintf(stderr, "ivid-studio: %s\n", text.c_str());
    messages.push_back({StudioMessage::Kind::Error, text});
    ++errors_reported;
}

void StudioState::notify(const std::string& text) {
    messages.push_back({StudioMessage::Kind::Notice, text});
}

}  // namespace ivid

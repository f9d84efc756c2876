// What the studio's panels share: the settings, the open scene (with its view thumbnails and
// covered angular range), the fusion renderer, the orbit camera, the keyframe path being
// edited, a running turntable export and the messages the user has not dismissed yet. Panels
// (gui/panels/) read and change it; the frame loop (studio.cpp) renders from it.
#pragma once

#include <cstdint>
#include <exception>
#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/geometry/camera.hpp"
#include "core/scene/scene.hpp"
#include "core/scene/scene_meshing.hpp"
#include "core/scene/viewset_coverage.hpp"
#include "gui/state/orbit_controller.hpp"
#include "gui/state/studio_settings.hpp"
#include "render/fusion_renderer.hpp"
#include "render/gl/texture.hpp"
#include "render/turntable_exporter.hpp"

namespace ivid {

struct StudioMessage {
    enum class Kind { Error, Notice };
    Kind kind;
    std::string text;
};

struct OpenScene {
    Scene scene;
    std::filesystem::path dir;  // empty: generated in the studio and not saved yet
    ViewsetCoverage coverage;
    std::vector<gl::Texture2D> thumbnails;  // each view's colour, linear filtering
    uint64_t generation = 0;                // changes whenever another scene is opened
    // How the views are meshed for viewing and exports: the scene's recorded values (else IVID's)
    // until the View panel overrides them.
    MeshingTolerances meshing;
};

struct StudioState {
    explicit StudioState(StudioSettings initial_settings);

    StudioSettings settings;
    std::optional<OpenScene> scene;
    FusionRenderer renderer;  // needs the studio's GL context to exist first
    OrbitController camera;
    KeyframePath keyframes;   // the Export panel's path, recorded from the viewport
    std::unique_ptr<TurntableExporter> exporter;
    std::vector<StudioMessage> messages;
    int errors_reported = 0;  // since start, dismissed or not: a scripted run's exit status

    // Incremented by every fused render of the viewport, so views of it know when to refresh.
    uint64_t frame_version = 0;
    double last_render_ms = 0.0;

    std::string scene_path_field;  // the Scene panel's folder field
    bool generate_requested = false;  // Ctrl+G or --generate: the Generate panel starts a job
    // --generate --save DIR: where the Generate panel saves the scene when the job is done.
    std::optional<std::filesystem::path> save_generated_to;
    // --generate's changes, re-applied once the Generate panel has adopted the pack's suggestions.
    std::optional<GenerateLaunch> generate_launch;
    bool screenshot_requested = false;
    bool quit_requested = false;

    // Loads and uploads a scene; on failure keeps the current one and reports the error.
    // Returns whether it opened.
    bool open_scene(const std::filesystem::path& dir);
    // Shows `scene` (from folder `dir`, empty when unsaved) in place of the open one. With
    // `same_scene`, it replaces a previous state of the scene being generated: the camera and
    // the inspected view stay. Throws Error when the views cannot be uploaded.
    void show_scene(Scene scene, const std::filesystem::path& dir, bool same_scene);
    // Re-meshes the open scene's views with `meshing` (the View panel's override); an Error (values
    // out of range) is reported and the current meshing kept.
    void set_meshing(const MeshingTolerances& meshing);
    // Moves the camera onto the generated view nearest its direction (no-op without a scene).
    void snap_to_nearest_view();
    // Appends the camera's pose to the keyframe path, one second after the last keyframe.
    void add_keyframe();
    // The Export panel's trajectory as poses: the keyframe path being edited (not its file) for
    // Keyframes, else the settings' swing, orbit or random poses. Throws Error naming the setting.
    std::vector<OrbitPose> export_poses() const;

    void report_error(const std::string& context, const std::exception& error);
    void notify(const std::string& text);
};

}  // namespace ivid

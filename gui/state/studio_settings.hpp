// Everything the studio remembers between runs, as plain structs with JSON: which panels are
// open, the window size, the View panel's fusion settings, the Inspector's colormap and range,
// the Export (turntable and scene export) and Generate panels' settings, the last scene and
// where F12 screenshots go. Stored as settings.json in the config dir (config_dir.hpp), written
// atomically. The file carries a format version; keys missing from it keep their defaults, and a
// wrong type, a value out of range or another version is an Error naming the file and key.
#pragma once

#include <filesystem>

#include <nlohmann/json.hpp>

#include "core/image/colormap.hpp"
#include "gui/state/generate_settings.hpp"
#include "gui/state/inspector_buffer_kind.hpp"
#include "gui/state/scene_export_settings.hpp"
#include "render/export_settings.hpp"
#include "render/fusion_settings.hpp"

namespace ivid {

struct PanelVisibility {
    bool scene = true;
    bool view = true;
    bool inspector = true;
    bool export_panel = false;
    bool generate = false;
    bool help = false;
};

struct InspectorSettings {
    int source = -1;  // -1: the fused frame, else a view index (clamped to the open scene's)
    InspectorBuffer buffer = InspectorBuffer::Color;
    int weight_view = 0;  // the view whose share of the blend weight the BlendWeight buffer shows
    Colormap colormap = Colormap::Turbo;
    // Depth range mapped onto the colormap's ends: the shown buffer's own min..max when
    // auto_range, else `range`.
    bool auto_range = true;
    ValueRange range{0.6f, 5.0f};  // IVID's near/far
    // Views of upsampled scenes: colour and depth at the base size beside the upsampled ones.
    bool compare_base = true;
};

struct StudioSettings {
    static constexpr int kVersion = 1;

    int window_width = 1280;
    int window_height = 800;
    PanelVisibility panels;
    FusionRenderSettings render;
    InspectorSettings inspector;
    ExportSettings export_settings = default_export_settings();
    SceneExportSettings scene_export;
    GenerateSettings generate;
    std::filesystem::path last_scene;      // reopened when the studio starts without a scene
    std::filesystem::path screenshot_dir;  // F12; empty = the current folder

    // The export defaults the panel starts from: IVID's swing to turntable.mp4.
    static ExportSettings default_export_settings();
};

// {"format": "ivid-studio-settings", "version": 1, "window": [w, h], "panels": {...},
//  "render": {...}, "inspector": {"source", "buffer", "weight_view", "colormap", "auto_range",
//  "range": [lo, hi], "compare_base": true},
//  "export": {...}, "scene_export": {...} (scene_export_settings.hpp), "generate": {...} (generate_settings.hpp),
//  "last_scene": "", "screenshot_dir": ""}
nlohmann::json settings_to_json(const StudioSettings& settings);
// `file` names the source in errors.
StudioSettings settings_from_json(const nlohmann::json& json, const std::string& file);

// A missing file gives the defaults; an unreadable or invalid one is an Error naming it.
StudioSettings load_studio_settings(const std::filesystem::path& file);
// The same for a file that must exist (a --settings FILE): missing is an Error too.
StudioSettings read_studio_settings(const std::filesystem::path& file);
// Creates the folder when needed; writes atomically (a crash never leaves half a file).
void save_studio_settings(const StudioSettings& settings, const std::filesystem::path& file);

}  // namespace ivid

#include "gui/studio/studio_settings.hpp"

#include <system_error>

#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"

namespace fs = std::filesystem;

namespace ivid {
namespace {

constexpr const char* kFormat = "ivid-studio-settings";
constexpr int kMaxWindowSide = 16384;

// The render and export settings have their own validating readers whose errors do not know
// the file; say where they came from.
template <typename Settings>
void read_nested(const JsonAt& doc, const std::string& key, Settings& settings) {
    if (!doc.has(key)) return;
    try {
        from_json(doc[key].object(), settings);
    } catch (const Error& e) {
        throw Error(doc.file() + ": " + key + ": " + e.what());
    }
}

int window_side(const JsonAt& value) {
    const int64_t side = value.integer();
    if (side < 64 || side > kMaxWindowSide)
        value.fail("64.." + std::to_string(kMaxWindowSide), std::to_string(side));
    return static_cast<int>(side);
}

void read_panels(const JsonAt& panels, PanelVisibility& visible) {
    for (const auto& [key, flag] : {std::pair{"scene", &visible.scene},
                                    std::pair{"view", &visible.view},
                                    std::pair{"inspector", &visible.inspector},
                                    std::pair{"export", &visible.export_panel},
                                    std::pair{"help", &visible.help}})
        if (panels.has(key)) *flag = panels[key].boolean();
}

void read_inspector(const JsonAt& inspector, InspectorSettings& settings) {
    if (inspector.has("source")) {
        const int64_t source = inspector["source"].integer();
        if (source < -1) inspector["source"].fail("-1 (fused frame) or a view index", std::to_string(source));
        settings.source = static_cast<int>(source);
    }
    if (inspector.has("buffer")) {
        const JsonAt name = inspector["buffer"];
        try {
            settings.buffer = inspector_buffer_from_name(name.string());
        } catch (const Error&) {
            std::string names;
            for (InspectorBuffer buffer : all_inspector_buffers())
                names += (names.empty() ? "" : ", ") + inspector_buffer_name(buffer);
            name.fail("one of " + names, name.describe());
        }
    }
    if (inspector.has("weight_view")) {
        const int64_t view = inspector["weight_view"].integer();
        if (view < 0) inspector["weight_view"].fail("a view index >= 0", std::to_string(view));
        settings.weight_view = static_cast<int>(view);
    }
    if (inspector.has("colormap")) {
        const JsonAt name = inspector["colormap"];
        try {
            settings.colormap = colormap_from_name(name.string());
        } catch (const Error&) {
            name.fail("\"turbo\", \"viridis\" or \"grey\"", name.describe());
        }
    }
    if (inspector.has("auto_range")) settings.auto_range = inspector["auto_range"].boolean();
    if (inspector.has("range")) {
        const JsonAt range = inspector["range"];
        range.array_size(2);
        settings.range = {range[0].finite_float(), range[1].finite_float()};
    }
}

}  // namespace

ExportSettings StudioSettings::default_export_settings() {
    ExportSettings settings;
    settings.video = "turntable.mp4";
    return settings;
}

nlohmann::json settings_to_json(const StudioSettings& s) {
    nlohmann::json render, exported;
    to_json(render, s.render);
    to_json(exported, s.export_settings);
    return {{"format", kFormat},
            {"version", StudioSettings::kVersion},
            {"window", {s.window_width, s.window_height}},
            {"panels",
             {{"scene", s.panels.scene},
              {"view", s.panels.view},
              {"inspector", s.panels.inspector},
              {"export", s.panels.export_panel},
              {"help", s.panels.help}}},
            {"render", render},
            {"inspector",
             {{"source", s.inspector.source},
              {"buffer", inspector_buffer_name(s.inspector.buffer)},
              {"weight_view", s.inspector.weight_view},
              {"colormap", colormap_name(s.inspector.colormap)},
              {"auto_range", s.inspector.auto_range},
              {"range", {s.inspector.range.lo, s.inspector.range.hi}}}},
            {"export", exported},
            {"last_scene", s.last_scene.string()},
            {"screenshot_dir", s.screenshot_dir.string()}};
}

StudioSettings settings_from_json(const nlohmann::json& json, const std::string& file) {
    const JsonAt doc(json, file);
    doc.object();
    if (doc["format"].string() != kFormat)
        doc["format"].fail(std::string("\"") + kFormat + "\"", doc["format"].describe());
    const int64_t version = doc["version"].integer();
    if (version != StudioSettings::kVersion)
        doc["version"].fail(std::to_string(StudioSettings::kVersion), std::to_string(version));

    StudioSettings s;
    if (doc.has("window")) {
        doc["window"].array_size(2);
        s.window_width = window_side(doc["window"][0]);
        s.window_height = window_side(doc["window"][1]);
    }
    if (doc.has("panels")) read_panels(doc["panels"], s.panels);
    read_nested(doc, "render", s.render);
    if (doc.has("inspector")) read_inspector(doc["inspector"], s.inspector);
    read_nested(doc, "export", s.export_settings);
    if (doc.has("last_scene")) s.last_scene = doc["last_scene"].string();
    if (doc.has("screenshot_dir")) s.screenshot_dir = doc["screenshot_dir"].string();
    return s;
}

StudioSettings load_studio_settings(const fs::path& file) {
    std::error_code error;
    if (!fs::exists(file, error)) return StudioSettings{};
    return settings_from_json(parse_json_file(file), file.string());
}

void save_studio_settings(const StudioSettings& settings, const fs::path& file) {
    std::error_code error;
    fs::create_directories(file.parent_path(), error);
    if (error)
        throw Error::at(file.parent_path().string(), "", "a folder that can be created",
                        error.message());
    write_text_atomically(file, settings_to_json(settings).dump(2) + "\n");
}

}  // namespace ivid

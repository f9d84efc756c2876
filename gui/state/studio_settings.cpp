#include "gui/state/studio_settings.hpp"

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
                                    std::pair{"generate", &visible.generate},
                                    std::pair{"help", &visible.help}})
        if (panels.has(key)) *flag = panels[key].boolean();
}

// An integer >= minimum.
int integer_at_least(const JsonAt& value, int minimum, const std::string& expected) {
    const int64_t number = value.integer();
    if (number < minimum) value.fail(expected, std::to_string(number));
    return static_cast<int>(number);
}

void read_inspector(const JsonAt& inspector, InspectorSettings& settings) {
    if (inspector.has("source"))
        settings.source = integer_at_least(inspector["source"], -1, "-1 (fused frame) or a view index");
    if (inspector.has("buffer"))
        settings.buffer = inspector["buffer"].enum_value(kInspectorBufferNames);
    if (inspector.has("weight_view"))
        settings.weight_view = integer_at_least(inspector["weight_view"], 0, "a view index >= 0");
    if (inspector.has("colormap"))
        settings.colormap = inspector["colormap"].enum_value(kColormapNames);
    if (inspector.has("auto_range")) settings.auto_range = inspector["auto_range"].boolean();
    if (inspector.has("range")) {
        const JsonAt range = inspector["range"];
        range.array_size(2);
        settings.range = {range[0].finite_float(), range[1].finite_float()};
    }
    if (inspector.has("compare_base")) settings.compare_base = inspector["compare_base"].boolean();
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
              {"generate", s.panels.generate},
              {"help", s.panels.help}}},
            {"render", render},
            {"inspector",
             {{"source", s.inspector.source},
              {"buffer", inspector_buffer_name(s.inspector.buffer)},
              {"weight_view", s.inspector.weight_view},
              {"colormap", colormap_name(s.inspector.colormap)},
              {"auto_range", s.inspector.auto_range},
              {"range", {s.inspector.range.lo, s.inspector.range.hi}},
              {"compare_base", s.inspector.compare_base}}},
            {"export", exported},
            {"scene_export", scene_export_settings_to_json(s.scene_export)},
            {"generate", generate_settings_to_json(s.generate)},
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
    if (doc.has("scene_export")) read_scene_export_settings(doc["scene_export"], s.scene_export);
    if (doc.has("generate")) read_generate_settings(doc["generate"], s.generate);
    if (doc.has("last_scene")) s.last_scene = doc["last_scene"].string();
    if (doc.has("screenshot_dir")) s.screenshot_dir = doc["screenshot_dir"].string();
    return s;
}

StudioSettings load_studio_settings(const fs::path& file) {
    std::error_code error;
    if (!fs::exists(file, error)) return StudioSettings{};
    return read_studio_settings(file);
}

StudioSettings read_studio_settings(const fs::path& file) {
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

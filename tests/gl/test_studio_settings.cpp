// Studio settings persistence: the JSON round trip, defaults for missing keys and a missing
// file, errors that name the file and key (version, types, ranges, nested render/export
// settings), atomic saving into a folder that does not exist yet, and the XDG config folder.
#include <doctest/doctest.h>

#include <cstdlib>
#include <functional>
#include <vector>

#include "core/util/atomic_file.hpp"
#include "gui/state/config_dir.hpp"
#include "gui/state/studio_settings.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using ivid::test::contains;
using ivid::test::message_of;

TEST_CASE("settings survive a save and load unchanged") {
    ivid::test::TempDir dir;
    ivid::StudioSettings s;
    s.window_width = 1600;
    s.window_height = 900;
    s.panels.export_panel = true;
    s.panels.scene = false;
    s.render.blend_mode = ivid::BlendMode::Ivid;
    s.render.supersampling = 3;
    s.render.background = {0.25f, 0.5f, 1.0f};
    s.inspector.colormap = ivid::Colormap::Viridis;
    s.inspector.auto_range = false;
    s.inspector.range = {1.5f, 2.5f};
    s.inspector.source = 4;
    s.inspector.buffer = ivid::InspectorBuffer::ConditionColorMask;
    s.inspector.weight_view = 2;
    s.inspector.compare_base = false;
    s.export_settings.trajectory.frames = 48;
    s.export_settings.trajectory.kind = ivid::TrajectoryKind::Orbit;
    s.last_scene = "/scenes/a";
    s.screenshot_dir = "/tmp/shots";
    s.panels.generate = true;
    s.generate.source = ivid::ModelSourceKind::Files;
    s.generate.conditional_checkpoint = "/models/cond.pt";
    s.generate.seed = 12345678901234ull;
    s.generate.viewset = "ring:12";
    s.generate.class_id = 88;
    s.generate.conditional = {"dpmpp_2m", 20, 4.5f, true, 0.5f};
    s.generate.super_resolution = false;
    s.generate.super_resolution_sampler = {"ddpm", 25, 1.5f, true, 0.0f, 0.35f};
    s.generate.super_resolution_mode = "consistent";
    s.generate.save_dir = "/scenes/new";
    const fs::path file = dir.path / "new" / "folder" / "settings.json";
    ivid::save_studio_settings(s, file);
    CHECK(ivid::test::entries_in(file.parent_path()) == 1);  // no temporary left behind

    const ivid::StudioSettings r = ivid::load_studio_settings(file);
    CHECK(r.window_width == 1600);
    CHECK(r.window_height == 900);
    CHECK(r.panels.export_panel);
    CHECK_FALSE(r.panels.scene);
    CHECK(r.render.blend_mode == ivid::BlendMode::Ivid);
    CHECK(r.render.supersampling == 3);
    CHECK(r.render.background.b == 1.0f);
    CHECK(r.inspector.colormap == ivid::Colormap::Viridis);
    CHECK_FALSE(r.inspector.auto_range);
    CHECK(r.inspector.range.hi == 2.5f);
    CHECK(r.inspector.source == 4);
    CHECK(r.inspector.buffer == ivid::InspectorBuffer::ConditionColorMask);
    CHECK(r.inspector.weight_view == 2);
    CHECK_FALSE(r.inspector.compare_base);
    CHECK(r.export_settings.trajectory.frames == 48);
    CHECK(r.export_settings.trajectory.kind == ivid::TrajectoryKind::Orbit);
    CHECK(r.last_scene == "/scenes/a");
    CHECK(r.screenshot_dir == "/tmp/shots");
    CHECK(r.panels.generate);
    CHECK(r.generate.source == ivid::ModelSourceKind::Files);
    CHECK(r.generate.conditional_checkpoint == "/models/cond.pt");
    CHECK(r.generate.seed == 12345678901234ull);
    CHECK(r.generate.viewset == "ring:12");
    CHECK(r.generate.class_id == 88);
    CHECK(r.generate.conditional.sampler == "dpmpp_2m");
    CHECK(r.generate.conditional.steps == 20);
    CHECK(r.generate.conditional.guidance == 4.5f);
    CHECK(r.generate.conditional.clip_denoised);
    CHECK(r.generate.conditional.eta == 0.5f);
    CHECK_FALSE(r.generate.unconditional.clip_denoised);
    CHECK(r.generate.unconditional.steps == 1000);  // untouched: IVID's default
    CHECK_FALSE(r.generate.super_resolution);
    CHECK(r.generate.super_resolution_sampler.sampler == "ddpm");
    CHECK(r.generate.super_resolution_sampler.steps == 25);
    CHECK(r.generate.super_resolution_sampler.guidance == 1.5f);
    CHECK(r.generate.super_resolution_sampler.clip_denoised);
    CHECK(r.generate.super_resolution_mode == "consistent");
    CHECK(r.generate.save_dir == "/scenes/new");
    CHECK(ivid::settings_to_json(r)["version"] == ivid::StudioSettings::kVersion);
}

TEST_CASE("a missing file gives the defaults; missing keys keep theirs") {
    ivid::test::TempDir dir;
    const ivid::StudioSettings defaults = ivid::load_studio_settings(dir.path / "none.json");
    CHECK(defaults.window_width == 1280);
    CHECK(defaults.panels.inspector);
    CHECK(defaults.export_settings.video == "turntable.mp4");
    const ivid::StudioSettings partial = ivid::settings_from_json(
        {{"format", "ivid-studio-settings"}, {"version", 1}, {"panels", {{"help", true}}}}, "s.json");
    CHECK(partial.panels.help);
    CHECK(partial.panels.view);
    CHECK(partial.render.blend_mode == ivid::BlendMode::DepthAware);
    // The super-resolution stage: on (when the pack has an SR model), IVID's sampler, independent.
    CHECK(partial.inspector.compare_base);
    CHECK(partial.generate.super_resolution);
    CHECK(partial.generate.super_resolution_sampler.sampler == "ddim");
    CHECK(partial.generate.super_resolution_sampler.steps == 50);
    CHECK(partial.generate.super_resolution_mode == "independent");
}

TEST_CASE("bad settings are errors naming the file, the key and what was expected") {
    const auto error_for = [](const nlohmann::json& json) {
        return message_of([&] { ivid::settings_from_json(json, "cfg/settings.json"); });
    };
    const nlohmann::json good = {{"format", "ivid-studio-settings"}, {"version", 1}};
    nlohmann::json newer = good;
    newer["version"] = 2;
    const std::string version = error_for(newer);
    CHECK(contains(version, "cfg/settings.json"));
    CHECK(contains(version, "version"));
    CHECK(contains(version, "expected 1, found 2"));
    CHECK(contains(error_for({{"version", 1}}), "format"));

    nlohmann::json window = good;
    window["window"] = {10, 800};
    CHECK(contains(error_for(window), "window[0]"));
    nlohmann::json panel = good;
    panel["panels"] = {{"scene", "yes"}};
    CHECK(contains(error_for(panel), "panels.scene"));
    nlohmann::json colormap = good;
    colormap["inspector"] = {{"colormap", "jet"}};
    CHECK(contains(error_for(colormap), "inspector.colormap"));
    nlohmann::json eta = good;
    eta["generate"] = {{"conditional", {{"eta", -1}}}};
    CHECK(contains(error_for(eta), "generate.conditional.eta: expected a number >= 0"));
    nlohmann::json strength = good;
    strength["generate"] = {{"super_resolution", {{"start_strength", 0}}}};
    CHECK(contains(error_for(strength), "generate.super_resolution.start_strength: expected in (0, 1]"));
    nlohmann::json buffer = good;
    buffer["inspector"] = {{"buffer", "normals"}};
    const std::string buffer_error = error_for(buffer);
    CHECK(contains(buffer_error, "inspector.buffer"));
    CHECK(contains(buffer_error, "condition-colour-mask"));
    CHECK(contains(buffer_error, "\"normals\""));
    nlohmann::json source = good;
    source["inspector"] = {{"source", -2}};
    CHECK(contains(error_for(source), "inspector.source"));
    nlohmann::json render = good;
    render["render"] = {{"supersampling", 9}};
    const std::string nested = error_for(render);
    CHECK(contains(nested, "cfg/settings.json: render"));
    CHECK(contains(nested, "supersampling"));
    nlohmann::json exported = good;
    exported["export"] = {{"fps", -1}};
    CHECK(contains(error_for(exported), "fps"));
    nlohmann::json generate = good;
    generate["generate"] = {{"source", "cloud"}};
    CHECK(contains(error_for(generate), "generate.source: expected \"default\", \"folder\" or \"files\", found string \"cloud\""));
    generate["generate"] = {{"conditional", {{"steps", 0}}}};
    CHECK(contains(error_for(generate), "generate.conditional.steps: expected 1..100000, found 0"));
    generate["generate"] = {{"seed", -1}};
    CHECK(contains(error_for(generate), "generate.seed"));
    generate["generate"] = {{"class", -2}};
    CHECK(contains(error_for(generate), "generate.class"));
    generate["generate"] = {{"super_resolution", {{"mode", "sharp"}}}};
    CHECK(contains(error_for(generate),
                   "generate.super_resolution.mode: expected \"independent\" or \"consistent\", found string \"sharp\""));
    generate["generate"] = {{"super_resolution", {{"on", 1}}}};
    CHECK(contains(error_for(generate), "generate.super_resolution.on"));
    generate["generate"] = {{"super_resolution", {{"steps", 0}}}};
    CHECK(contains(error_for(generate), "generate.super_resolution.steps: expected 1..100000, found 0"));
    nlohmann::json compare = good;
    compare["inspector"] = {{"compare_base", "yes"}};
    CHECK(contains(error_for(compare), "inspector.compare_base"));

    ivid::test::TempDir dir;
    ivid::test::write_bytes(dir.path / "settings.json", "{\"format\": ");
    CHECK(contains(message_of([&] { ivid::load_studio_settings(dir.path / "settings.json"); }),
                   "malformed JSON"));
}

TEST_CASE("inspector buffer names round-trip") {
    for (const auto& [buffer, name] : ivid::kInspectorBufferNames)
        CHECK(ivid::parse_inspector_buffer(ivid::inspector_buffer_name(buffer)) == buffer);
    CHECK(std::size(ivid::kInspectorBufferNames) == 10);
}

TEST_CASE("the config folder follows XDG_CONFIG_HOME, else HOME/.config") {
    const char* old_xdg = std::getenv("XDG_CONFIG_HOME");
    const char* old_home = std::getenv("HOME");
    const std::string saved_xdg = old_xdg ? old_xdg : "", saved_home = old_home ? old_home : "";

    setenv("XDG_CONFIG_HOME", "/xdg/config", 1);
    CHECK(ivid::studio_config_dir() == fs::path("/xdg/config/ivid-studio"));
    setenv("XDG_CONFIG_HOME", "relative/config", 1);  // invalid per the spec: ignored
    setenv("HOME", "/home/artist", 1);
    CHECK(ivid::studio_config_dir() == fs::path("/home/artist/.config/ivid-studio"));
    unsetenv("XDG_CONFIG_HOME");
    unsetenv("HOME");
    CHECK(contains(message_of([] { ivid::studio_config_dir(); }), "HOME"));
    CHECK(ivid::studio_settings_file("/c") == fs::path("/c/settings.json"));
    CHECK(ivid::studio_layout_file("/c") == fs::path("/c/imgui.ini"));

    if (old_xdg) setenv("XDG_CONFIG_HOME", saved_xdg.c_str(), 1);
    if (old_home) setenv("HOME", saved_home.c_str(), 1);
}

TEST_CASE("render settings compare equal only when every field is equal") {
    using ivid::BlendMode;
    using ivid::FusionRenderSettings;
    // The viewport re-renders when the settings differ: a field left out of the comparison would
    // leave its control without effect.
    const FusionRenderSettings base;
    CHECK(base == FusionRenderSettings{});
    std::vector<std::function<void(FusionRenderSettings&)>> changes = {
        [](auto& s) { s.blend_mode = BlendMode::Ivid; },  [](auto& s) { s.supersampling = 2; },
        [](auto& s) { s.mesh_lod = 2; },                   [](auto& s) { s.view_sharpness = 3.0f; },
        [](auto& s) { s.depth_epsilon = 0.05f; },          [](auto& s) { s.max_views = 3; },
        [](auto& s) { s.background = glm::vec3(0.5f); },   [](auto& s) { s.fov_deg = 60.0f; },
        [](auto& s) { s.merge_planar = false; },           [](auto& s) { s.max_detail = 1.0f; }};
    for (size_t i = 0; i < changes.size(); ++i) {
        CAPTURE(i);
        FusionRenderSettings changed;
        changes[i](changed);
        CHECK_FALSE(changed == base);
    }
    // Every field is covered: the JSON form has exactly as many keys as there are changes above.
    nlohmann::json json;
    to_json(json, base);
    CHECK(json.size() == changes.size());
}

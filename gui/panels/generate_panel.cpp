#include "gui/panels/generate_panel.hpp"

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/engine_api.hpp"
#include "core/scene/scene_io.hpp"
#include "core/util/error.hpp"
#include "gui/generate/generation_session.hpp"
#include "gui/panels/panel_placement.hpp"
#include "gui/panels/widgets.hpp"
#include "gui/state/shortcuts.hpp"

namespace fs = std::filesystem;

namespace ivid {
namespace {

constexpr float kPreviewSide = 96.0f;
constexpr float kThumbnailSide = 24.0f;
constexpr size_t kMaxListedClasses = 200;
const char* const kViewsetPresets[] = {"3x9", "random", "ring:8", "ring:24"};
void error_text(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

// Explanations that matter less than the settings around them.
void quiet_text(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, ImGui::GetStyleColorVec4(ImGuiCol_TextDisabled));
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

std::string seconds_text(double seconds) {
    char text[32];
    if (seconds < 0.0) return "?";
    if (seconds < 90.0)
        std::snprintf(text, sizeof(text), "%.0f s", seconds);
    else
        std::snprintf(text, sizeof(text), "%d min %02d s", int(seconds) / 60, int(seconds) % 60);
    return text;
}

// A table of sampler rows (sampler_row), headed by the column names.
bool begin_sampler_table(const char* id) {
    if (!ImGui::BeginTable(id, 6, ImGuiTableFlags_SizingStretchProp)) return false;
    // Stretch weights: the sampler names need the room, the check box little.
    const std::pair<const char*, float> columns[] = {{"model", 1.0f}, {"sampler", 1.8f}, {"steps", 0.8f},
                                                     {"guidance", 1.4f}, {"eta", 0.9f}, {"clip", 0.7f}};
    for (const auto& [name, weight] : columns) ImGui::TableSetupColumn(name, ImGuiTableColumnFlags_WidthStretch, weight);
    ImGui::TableHeadersRow();
    return true;
}

std::string size_text(int size) { return std::to_string(size) + " x " + std::to_string(size); }

// "views 5-8/27" or "view 5/27" (1-based).
std::string views_text(int first, int last, int views) {
    if (last <= first) return "view " + std::to_string(first + 1) + "/" + std::to_string(views);
    return "views " + std::to_string(first + 1) + "-" + std::to_string(last + 1) + "/" + std::to_string(views);
}

void sampler_row(const char* model, GenerateSamplerSettings& s) {
    ImGui::PushID(model);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(model);
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::BeginCombo("##sampler", s.sampler.c_str())) {
        for (const auto& [kind, name] : diffusion::kSamplerKindNames)
            if (ImGui::Selectable(name, name == s.sampler)) s.sampler = name;
        ImGui::EndCombo();
    }
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::InputInt("##steps", &s.steps, 0)) s.steps = std::clamp(s.steps, 1, 100000);
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1.0f);
    ImGui::InputFloat("##guidance", &s.guidance, 0.0f, 0.0f, "%.2f");
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1.0f);
    ImGui::BeginDisabled(s.sampler != "ddim");
    if (ImGui::InputFloat("##eta", &s.eta, 0.0f, 0.0f, "%.2f")) s.eta = std::max(s.eta, 0.0f);
    ImGui::EndDisabled();
    if (ImGui::IsItemHovered(ImGuiHoveredFlags_AllowWhenDisabled))
        ImGui::SetTooltip("DDIM noise: 0 deterministic, 1 DDPM-like (small models need 1)");
    ImGui::TableNextColumn();
    ImGui::Checkbox("##clip", &s.clip_denoised);
    if (ImGui::IsItemHovered()) ImGui::SetTooltip("clamp each step's predicted image to [-1, 1] (IVID: off; small models need it)");
    ImGui::PopID();
}

}  // namespace

struct GeneratePanel::Impl {
    GenerationSession session;

    std::string models_key;  // model_source_key of `models` / `models_error`
    std::optional<ResolvedModels> models;
    std::string models_error;
    std::optional<std::string> pack_field;  // typed pack folder, applied by "Open pack..."

    std::string viewset_checked;  // the text viewset_error / viewset_views describe
    std::string viewset_error;
    size_t viewset_views = 0;

    std::optional<pipeline::ClassNames> class_names;
    std::string class_names_error;
    std::string class_query;

    gl::Texture2D preview;
    // The super-resolution stage posts no x0 previews: it shows the base views it is upsampling.
    std::vector<gl::Texture2D> upsampling;
    int upsampling_first = -1;              // the first of them (-1: none)
    std::vector<gl::Texture2D> thumbnails;  // finished views of the running / last job
    uint64_t streamed_generation = 0;       // the viewer's scene that the job streams into
    double last_upload_ms = 0.0;            // the viewer's update for the last finished view
    std::string outcome;                    // how the last job ended
    bool outcome_error = false;
    bool saved = false;
    fs::path pending_overwrite;             // a save waiting for "replace?" confirmation

    // Re-reads the models when the settings name others, and adopts a new pack's suggestions.
    void refresh_models(GenerateSettings& settings);
    void refresh_viewset(const std::string& text);
    void start(StudioState& state);
    void stream(StudioState& state);
    void show_upsampling();
    void finish(StudioState& state, const pipeline::GenerationEvent& event);
    void save(StudioState& state, const fs::path& dir, bool overwrite);

    void draw_models(StudioState& state);
    void draw_class(GenerateSettings& settings);
    void draw_viewset(GenerateSettings& settings);
    void draw_super_resolution(GenerateSettings& settings);
    void draw_progress();
    void draw_preview();
    void draw_save(StudioState& state);
};

void GeneratePanel::Impl::refresh_models(GenerateSettings& settings) {
    const std::string key = model_source_key(settings);
    if (key == models_key) return;
    models_key = key;
    models.reset();
    models_error.clear();
    try {
        models = resolve_models(settings);
        adopt_pack_suggestions(settings, *models);
    } catch (const std::exception& e) {
        models_error = e.what();
    }
}

void GeneratePanel::Impl::refresh_viewset(const std::string& text) {
    if (text == viewset_checked && (!viewset_error.empty() || viewset_views > 0)) return;
    viewset_checked = text;
    viewset_error.clear();
    viewset_views = 0;
    try {
        viewset_views = pipeline::parse_viewset(text).poses.size();
    } catch (const std::exception& e) {
        viewset_error = e.what();
    }
}

void GeneratePanel::Impl::start(StudioState& state) {
    try {
        refresh_models(state.settings.generate);
        if (state.generate_launch) {
            state.generate_launch->apply(state.settings.generate);
            state.generate_launch.reset();
        }
        if (!models) throw Error(models_error);
        session.start(generation_request(state.settings.generate, *models));
        thumbnails.clear();
        preview = gl::Texture2D();
        upsampling.clear();
        upsampling_first = -1;
        streamed_generation = 0;
        outcome.clear();
        saved = false;
    } catch (const std::exception& e) {
        state.report_error("Cannot generate", e);
    }
}

// The viewer shows the views so far: rebuilt from all of them (a 27-view 64 x 64 scene takes
// milliseconds), unless the user opened another scene meanwhile.
void GeneratePanel::Impl::stream(StudioState& state) {
    const Scene& scene = session.scene();
    // The finished scene of a job with the super-resolution stage: its views are larger now.
    if (!thumbnails.empty() && !scene.views.empty() && thumbnails.front().width() != scene.views.front().color.width)
        thumbnails.clear();
    while (thumbnails.size() < scene.views.size())
        thumbnails.emplace_back(scene.views[thumbnails.size()].color, gl::TextureFilter::Linear);
    const bool first = streamed_generation == 0;
    if (!first && (!state.scene || state.scene->generation != streamed_generation)) return;
    try {
        const auto begin = std::chrono::steady_clock::now();
        state.show_scene(scene, fs::path(), !first);
        last_upload_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - begin).count();
        streamed_generation = state.scene->generation;
    } catch (const std::exception& e) {
        state.report_error("Cannot show the generated views", e);
    }
}

// The base views the super-resolution stage is upsampling now (the session's scene holds the
// base views until the job is done).
void GeneratePanel::Impl::show_upsampling() {
    const GenerationProgress& p = session.progress();
    if (!session.running() || !p.super_resolution) {
        upsampling.clear();
        upsampling_first = -1;
        return;
    }
    if (p.view == upsampling_first) return;
    upsampling.clear();
    upsampling_first = p.view;
    const std::vector<View>& views = session.scene().views;
    for (int v = p.view; v <= p.last_view && v < static_cast<int>(views.size()); ++v)
        upsampling.emplace_back(views[size_t(v)].color, gl::TextureFilter::Nearest);
}

void GeneratePanel::Impl::finish(StudioState& state, const pipeline::GenerationEvent& event) {
    const GenerationProgress& p = session.progress();
    const Scene& scene = session.scene();
    char text[200];
    switch (event.kind) {
        case pipeline::GenerationEventKind::Done: {
            const std::string upsampled =
                scene.base_image_size > 0
                    ? ", upsampled from " + size_text(scene.base_image_size) + " to " + size_text(scene.image_size)
                    : "";
            std::snprintf(text, sizeof(text), "Seed %llu: %zu views%s in %s.",
                          static_cast<unsigned long long>(state.settings.generate.seed), scene.views.size(),
                          upsampled.c_str(), seconds_text(event.elapsed_s > 0.0 ? event.elapsed_s : p.elapsed_s).c_str());
            outcome = text;
            outcome_error = false;
            if (state.save_generated_to) save(state, *state.save_generated_to, false);
            break;
        }
        case pipeline::GenerationEventKind::Cancelled: {
            const std::string when = p.super_resolution ? "while upsampling " + views_text(p.view, p.last_view, p.views)
                                                        : "after " + std::to_string(scene.views.size()) + " of " +
                                                              std::to_string(p.views) + " views";
            outcome = "Cancelled " + when + "; nothing was saved.";
            outcome_error = false;
            state.notify("Generation cancelled " + when + "; nothing was saved.");
            break;
        }
        default:
            outcome = "Failed: " + event.message;
            outcome_error = true;
            state.report_error("Generation failed", Error(event.message));
            break;
    }
}

void GeneratePanel::Impl::save(StudioState& state, const fs::path& dir, bool overwrite) {
    try {
        save_scene(session.scene(), dir, overwrite);
        saved = true;
        if (state.scene && state.scene->generation == streamed_generation) state.scene->dir = dir;
        state.settings.last_scene = fs::absolute(dir);
        state.scene_path_field = dir.string();
        state.notify("Scene saved: " + fs::absolute(dir).string());
    } catch (const std::exception& e) {
        state.report_error("Cannot save the scene to " + dir.string(), e);
    }
}

void GeneratePanel::Impl::draw_models(StudioState& state) {
    GenerateSettings& s = state.settings.generate;
    int source = static_cast<int>(s.source);
    ImGui::RadioButton("default pack", &source, static_cast<int>(ModelSourceKind::DefaultPack));
    ImGui::SameLine();
    ImGui::RadioButton("pack folder", &source, static_cast<int>(ModelSourceKind::PackFolder));
    ImGui::SameLine();
    ImGui::RadioButton("model files", &source, static_cast<int>(ModelSourceKind::Files));
    s.source = static_cast<ModelSourceKind>(source);
    if (s.source == ModelSourceKind::PackFolder) {
        if (!pack_field) pack_field = s.pack_dir.string();
        ImGui::SetNextItemWidth(-110.0f);
        const bool entered = ImGui::InputTextWithHint("##pack", "folder with pack.json", &*pack_field,
                                                      ImGuiInputTextFlags_EnterReturnsTrue);
        ImGui::SameLine();
        if (ImGui::Button("Open pack...") || entered) {
            s.pack_dir = *pack_field;
            models_key.clear();  // re-read even when the folder is the same
        }
    }
    if (s.source == ModelSourceKind::Files) {
        path_field("uncond config", s.unconditional_config);
        path_field("uncond checkpoint", s.unconditional_checkpoint);
        path_field("cond config", s.conditional_config);
        path_field("cond checkpoint", s.conditional_checkpoint);
    }
    if (!models) {
        error_text(models_error);
        return;
    }
    ImGui::PushStyleColor(ImGuiCol_Text, kNoticeColour);
    ImGui::TextWrapped("%s: %d x %d, %s", models->sources.name.c_str(), models->image_size, models->image_size,
                       models->num_classes ? (std::to_string(*models->num_classes) + " classes").c_str()
                                           : "unconditional (no classes)");
    ImGui::PopStyleColor();
    if (models->pack && ImGui::SmallButton("Use the pack's sampler settings")) {
        s.sampler_source.clear();
        adopt_pack_suggestions(s, *models);
    }
}

void GeneratePanel::Impl::draw_class(GenerateSettings& s) {
    const int classes = *models->num_classes;
    if (!class_names && class_names_error.empty()) {
        try {
            class_names = pipeline::ClassNames::imagenet();
        } catch (const std::exception& e) {
            class_names_error = e.what();
        }
    }
    auto name_of = [&](int id) {
        return std::to_string(id) + (class_names && id < int(class_names->size()) ? " " + class_names->short_name(id) : "");
    };
    const std::string current = s.class_id < 0 ? "seed % " + std::to_string(classes) + " (IVID's default)" : name_of(s.class_id);
    ImGui::Text("Class: %s", current.c_str());
    ImGui::SetNextItemWidth(-1.0f);
    ImGui::InputTextWithHint("##class search", "search classes (e.g. goldfish)", &class_query);
    std::vector<int> ids;
    if (class_names && !class_query.empty()) {
        ids = class_names->search(class_query);
    } else {
        for (int id = 0; id < classes && ids.size() < kMaxListedClasses; ++id) ids.push_back(id);
    }
    ids.erase(std::remove_if(ids.begin(), ids.end(), [&](int id) { return id >= classes; }), ids.end());
    if (ImGui::BeginListBox("##classes", ImVec2(-1.0f, 5.5f * ImGui::GetTextLineHeightWithSpacing()))) {
        if (ImGui::Selectable("seed % classes (IVID's default)", s.class_id < 0)) s.class_id = -1;
        for (size_t i = 0; i < ids.size() && i < kMaxListedClasses; ++i)
            if (ImGui::Selectable(name_of(ids[i]).c_str(), s.class_id == ids[i])) s.class_id = ids[i];
        ImGui::EndListBox();
    }
    if (!class_names_error.empty()) ImGui::TextDisabled("(no class names: %s)", class_names_error.c_str());
}

void GeneratePanel::Impl::draw_viewset(GenerateSettings& s) {
    ImGui::SetNextItemWidth(-90.0f);
    ImGui::InputTextWithHint("##viewset", "3x9, random, ring:N or views.json", &s.viewset);
    ImGui::SameLine();
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::BeginCombo("##presets", "presets")) {
        for (const char* preset : kViewsetPresets)
            if (ImGui::Selectable(preset, s.viewset == preset)) s.viewset = preset;
        ImGui::EndCombo();
    }
    if (!viewset_error.empty())
        error_text(viewset_error);
    else
        ImGui::TextDisabled("%zu views%s", viewset_views, s.viewset == "random" ? " (poses drawn from the seed)" : "");
}

void GeneratePanel::Impl::draw_progress() {
    const GenerationProgress& p = session.progress();
    const Scene& scene = session.scene();
    std::string text;
    if (session.running() && !p.models_loaded)
        text = "loading the models...";
    else if (!session.running())
        text = std::to_string(thumbnails.size()) + " of " + std::to_string(p.views) + " views" +
               (session.complete() && scene.base_image_size > 0 ? ", upsampled to " + size_text(scene.image_size) : "");
    else
        text = "seed " + std::to_string(p.seed) + ": " +
               (p.super_resolution ? "upsampling " + views_text(p.view, p.last_view, p.views)
                                   : views_text(std::min(p.view, p.views - 1), 0, p.views)) +
               ", step " + std::to_string(p.step) + "/" + std::to_string(p.steps);
    ImGui::ProgressBar(static_cast<float>(p.fraction), ImVec2(-1.0f, 0.0f), text.c_str());
    if (session.running()) {
        ImGui::Text("elapsed %s, left %s, steps %lld/%lld", seconds_text(p.elapsed_s).c_str(),
                    seconds_text(p.eta_s).c_str(), static_cast<long long>(p.steps_done),
                    static_cast<long long>(p.steps_total));
        if (ImGui::IsItemHovered() && p.super_resolution_steps > 0)
            ImGui::SetTooltip("sampler steps of both stages: %lld base, %lld super-resolution",
                              static_cast<long long>(p.steps_total - p.super_resolution_steps),
                              static_cast<long long>(p.super_resolution_steps));
    } else {
        ImGui::Text("took %s", seconds_text(p.elapsed_s).c_str());
    }
    draw_preview();
    const float width = ImGui::GetContentRegionAvail().x;
    const int per_row = std::max(1, int(width / (kThumbnailSide + ImGui::GetStyle().ItemSpacing.x)));
    for (size_t i = 0; i < thumbnails.size(); ++i) {
        if (i % per_row != 0) ImGui::SameLine();
        ImGui::Image(texture_id(thumbnails[i].id()), ImVec2(kThumbnailSide, kThumbnailSide));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("view %zu", i);
    }
    if (!thumbnails.empty()) ImGui::TextDisabled("viewer updated in %.0f ms", last_upload_ms);
}

// The x0 being denoised, or, in the super-resolution stage (which has no x0 preview), the base
// views being upsampled.
void GeneratePanel::Impl::draw_preview() {
    const GenerationProgress& p = session.progress();
    if (!upsampling.empty()) {
        const float caption = 120.0f;
        const float side = std::min(kPreviewSide, (ImGui::GetContentRegionAvail().x - caption) / float(upsampling.size()) -
                                                      ImGui::GetStyle().ItemSpacing.x);
        for (size_t i = 0; i < upsampling.size(); ++i) {
            if (i > 0) ImGui::SameLine();
            ImGui::Image(texture_id(upsampling[i].id()), ImVec2(side, side));
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("view %d at %d x %d", p.view + int(i) + 1,
                                                          upsampling[i].width(), upsampling[i].height());
        }
        ImGui::SameLine();
        const std::string caption_text = "upsampling\n" + std::string(upsampling.size() > 1 ? "these views" : "this view") +
                                         "\n(" + size_text(upsampling.front().width()) + ";\nno x0 preview)";
        ImGui::TextDisabled("%s", caption_text.c_str());
        return;
    }
    if (preview.id() == 0) return;
    ImGui::Image(texture_id(preview.id()), ImVec2(kPreviewSide, kPreviewSide));
    ImGui::SameLine();
    ImGui::TextDisabled(session.running() ? "x0 being\ndenoised" : "last x0\npreview");
}

void GeneratePanel::Impl::draw_super_resolution(GenerateSettings& s) {
    const bool available = models && models->sources.super_resolution;
    if (!available) {
        bool off = false;
        ImGui::BeginDisabled();
        ImGui::Checkbox("upsample every view", &off);
        ImGui::EndDisabled();
        if (!models)
            quiet_text("Choose the models first.");
        else if (s.source == ModelSourceKind::Files)
            quiet_text("Models given file by file have no super-resolution model: choose a pack that names one.");
        else
            quiet_text("This pack has no super-resolution model (pack.json: \"super_resolution\"); views stay at " +
                       size_text(models->image_size) + ".");
        return;
    }
    ImGui::Checkbox("upsample every view", &s.super_resolution);
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("after the scene is made, the pack's super-resolution model upsamples every view\n"
                          "(colour and depth); the base views are kept in the scene");
    if (models->super_resolution_size > 0) {
        ImGui::SameLine();
        ImGui::TextDisabled("%s -> %s", size_text(models->image_size).c_str(),
                            size_text(models->super_resolution_size).c_str());
    }
    if (!models->super_resolution_problem.empty()) error_text("Generating with it will fail: " + models->super_resolution_problem);
    ImGui::BeginDisabled(!s.super_resolution);
    if (begin_sampler_table("super-resolution sampler")) {
        sampler_row("SR", s.super_resolution_sampler);
        ImGui::EndTable();
    }
    ImGui::SetNextItemWidth(140.0f);
    ImGui::SliderFloat("start strength", &s.super_resolution_sampler.start_strength, 0.05f, 1.0f, "%.2f");
    if (ImGui::IsItemHovered())
        ImGui::SetTooltip("1: from pure noise, as IVID. Lower: start from the bicubic upsampling noised to this\n"
                          "fraction of the diffusion; far fewer steps are needed (at most strength x 1000)");
    ImGui::SetNextItemWidth(140.0f);
    if (ImGui::BeginCombo("mode", s.super_resolution_mode.c_str())) {
        for (const auto& [mode, name] : pipeline::kUpscaleModeNames) {
            if (ImGui::Selectable(name, name == s.super_resolution_mode)) s.super_resolution_mode = name;
            if (ImGui::IsItemHovered())
                ImGui::SetTooltip(mode == pipeline::UpscaleMode::Independent
                                      ? "each view on its own, as IVID (4 views per network call)"
                                      : "view by view, the views upsampled so far held as known pixels");
        }
        ImGui::EndCombo();
    }
    if (viewset_views > 0) {
        pipeline::UpscaleSettings stage;
        stage.sampler.steps = s.super_resolution_sampler.steps;
        stage.mode = s.super_resolution_mode == "consistent" ? pipeline::UpscaleMode::Consistent : pipeline::UpscaleMode::Independent;
        ImGui::SameLine();
        ImGui::TextDisabled("%lld steps for %zu views",
                            static_cast<long long>(pipeline::super_resolution_steps(stage, int(viewset_views))), viewset_views);
    }
    ImGui::EndDisabled();
}

void GeneratePanel::Impl::draw_save(StudioState& state) {
    GenerateSettings& s = state.settings.generate;
    ImGui::BeginDisabled(!session.complete());
    ImGui::SetNextItemWidth(-110.0f);
    path_field("##save to", s.save_dir);
    ImGui::SameLine();
    if (ImGui::Button("Save scene...") && !s.save_dir.empty()) {
        std::error_code error;
        if (fs::exists(s.save_dir, error)) {
            pending_overwrite = s.save_dir;
            ImGui::OpenPopup("Replace folder?");
        } else {
            save(state, s.save_dir, false);
        }
    }
    ImGui::EndDisabled();
    if (saved) ImGui::TextDisabled("saved");
    if (ImGui::BeginPopupModal("Replace folder?", nullptr, ImGuiWindowFlags_AlwaysAutoResize)) {
        ImGui::Text("%s already exists. Replace it with this scene?", pending_overwrite.string().c_str());
        if (ImGui::Button("Replace")) {
            save(state, pending_overwrite, true);
            ImGui::CloseCurrentPopup();
        }
        ImGui::SameLine();
        if (ImGui::Button("Keep it")) ImGui::CloseCurrentPopup();
        ImGui::EndPopup();
    }
}

GeneratePanel::GeneratePanel() : impl_(std::make_unique<Impl>()) {}
GeneratePanel::~GeneratePanel() = default;

bool GeneratePanel::busy() const { return impl_->session.running(); }

void GeneratePanel::update(StudioState& state) {
    Impl& m = *impl_;
    if (state.generate_requested) {
        state.generate_requested = false;
        if (m.session.running())
            state.notify("A generation is running already: cancel it first.");
        else
            m.start(state);
    }
    GenerationSession::Update news = m.session.poll();
    if (news.preview_changed && !m.session.preview().empty())
        m.preview = gl::Texture2D(m.session.preview(), gl::TextureFilter::Nearest);
    if (news.views_changed) m.stream(state);
    m.show_upsampling();
    if (news.terminal) m.finish(state, *news.terminal);
}

void GeneratePanel::draw(StudioState& state) {
    Impl& m = *impl_;
    GenerateSettings& s = state.settings.generate;
    // Below the Inspector (which shows the views' condition buffers as they arrive).
    place_panel(PanelColumn::Right, 448.0f, 360.0f, 322.0f);
    if (ImGui::Begin("Generate", &state.settings.panels.generate)) {
        m.refresh_models(s);
        m.refresh_viewset(s.viewset);
        // The buttons and progress first: always visible, however short the panel.
        if (m.session.running()) {
            if (ImGui::Button("Cancel")) m.session.cancel();
        } else {
            const std::string label = "Generate (" + shortcut_keys(StudioAction::Generate) + ")";
            ImGui::BeginDisabled(!m.models || !m.viewset_error.empty());
            if (ImGui::Button(label.c_str())) m.start(state);
            ImGui::EndDisabled();
        }
        if (!m.outcome.empty()) {
            ImGui::SameLine();
            ImGui::PushStyleColor(ImGuiCol_Text, m.outcome_error ? kErrorColour : kNoticeColour);
            ImGui::TextWrapped("%s", m.outcome.c_str());
            ImGui::PopStyleColor();
        }
        if (m.session.running() || !m.thumbnails.empty()) m.draw_progress();
        m.draw_save(state);
        ImGui::Separator();
        ImGui::BeginDisabled(m.session.running());
        if (ImGui::CollapsingHeader("Models", ImGuiTreeNodeFlags_DefaultOpen)) m.draw_models(state);
        if (ImGui::CollapsingHeader("Scene", ImGuiTreeNodeFlags_DefaultOpen)) {
            ImGui::SetNextItemWidth(-60.0f);
            ImGui::InputScalar("##seed", ImGuiDataType_U64, &s.seed);
            ImGui::SameLine();
            if (ImGui::Button("Dice")) s.seed = std::random_device{}() % 1000000;
            if (ImGui::IsItemHovered()) ImGui::SetTooltip("a random seed");
            if (m.models && m.models->num_classes) m.draw_class(s);
            m.draw_viewset(s);
        }
        if (ImGui::CollapsingHeader("Sampling", ImGuiTreeNodeFlags_DefaultOpen) && begin_sampler_table("samplers")) {
            sampler_row("uncond", s.unconditional);
            sampler_row("cond", s.conditional);
            ImGui::EndTable();
        }
        if (ImGui::CollapsingHeader("Upsample (super-resolution)", ImGuiTreeNodeFlags_DefaultOpen))
            m.draw_super_resolution(s);
        ImGui::EndDisabled();
    }
    ImGui::End();
}

}  // namespace ivid

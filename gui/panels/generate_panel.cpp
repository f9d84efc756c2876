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

#include "core/diffusion/sampler_settings.hpp"
#include "core/pipeline/class_selection.hpp"
#include "core/pipeline/viewset_spec.hpp"
#include "core/scene/scene_io.hpp"
#include "core/util/error.hpp"
#include "gui/generate/generation_session.hpp"
#include "gui/panels/panel_placement.hpp"
#include "gui/panels/widgets.hpp"
#include "gui/studio/shortcuts.hpp"

namespace fs = std::filesystem;

namespace ivid {
namespace {

constexpr float kPreviewSide = 96.0f;
constexpr float kThumbnailSide = 24.0f;
constexpr size_t kMaxListedClasses = 200;
const char* const kViewsetPresets[] = {"3x9", "random", "ring:8", "ring:24"};
const diffusion::SamplerKind kSamplers[] = {diffusion::SamplerKind::Ddpm, diffusion::SamplerKind::Ddim,
                                            diffusion::SamplerKind::DpmSolver2M};

void error_text(const std::string& text) {
    ImGui::PushStyleColor(ImGuiCol_Text, kErrorColour);
    ImGui::TextWrapped("%s", text.c_str());
    ImGui::PopStyleColor();
}

// What the model choice depends on: re-resolved whenever it changes.
std::string seconds_text(double seconds) {
    char text[32];
    if (seconds < 0.0) return "?";
    if (seconds < 90.0)
        std::snprintf(text, sizeof(text), "%.0f s", seconds);
    else
        std::snprintf(text, sizeof(text), "%d min %02d s", int(seconds) / 60, int(seconds) % 60);
    return text;
}

void sampler_row(const char* model, GenerateSamplerSettings& s) {
    ImGui::PushID(model);
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::TextUnformatted(model);
    ImGui::TableNextColumn();
    ImGui::SetNextItemWidth(-1.0f);
    if (ImGui::BeginCombo("##sampler", s.sampler.c_str())) {
        for (diffusion::SamplerKind kind : kSamplers) {
            const std::string name = diffusion::sampler_kind_name(kind);
            if (ImGui::Selectable(name.c_str(), name == s.sampler)) s.sampler = name;
        }
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
    void finish(StudioState& state, const pipeline::GenerationEvent& event);
    void save(StudioState& state, const fs::path& dir, bool overwrite);

    void draw_models(StudioState& state);
    void draw_class(GenerateSettings& settings);
    void draw_viewset(GenerateSettings& settings);
    void draw_progress();
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

void GeneratePanel::Impl::finish(StudioState& state, const pipeline::GenerationEvent& event) {
    const GenerationProgress& p = session.progress();
    char text[160];
    switch (event.kind) {
        case pipeline::GenerationEventKind::Done:
            std::snprintf(text, sizeof(text), "Seed %llu: %zu views in %s.",
                          static_cast<unsigned long long>(state.settings.generate.seed), session.scene().views.size(),
                          seconds_text(event.elapsed_s > 0.0 ? event.elapsed_s : p.elapsed_s).c_str());
            outcome = text;
            outcome_error = false;
            if (state.save_generated_to) save(state, *state.save_generated_to, false);
            break;
        case pipeline::GenerationEventKind::Cancelled:
            std::snprintf(text, sizeof(text), "Cancelled after %zu of %d views; nothing was saved.",
                          session.scene().views.size(), p.views);
            outcome = text;
            outcome_error = false;
            state.notify("Generation cancelled after " + std::to_string(session.scene().views.size()) + " of " +
                         std::to_string(p.views) + " views; nothing was saved.");
            break;
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
    char text[96];
    if (session.running() && !p.models_loaded)
        std::snprintf(text, sizeof(text), "loading the models...");
    else if (!session.running())
        std::snprintf(text, sizeof(text), "%zu of %d views", thumbnails.size(), p.views);
    else
        std::snprintf(text, sizeof(text), "view %d/%d, step %d/%d", std::min(p.view + 1, p.views), p.views, p.step,
                      p.steps);
    ImGui::ProgressBar(static_cast<float>(p.fraction), ImVec2(-1.0f, 0.0f), text);
    if (session.running())
        ImGui::Text("elapsed %s, left %s", seconds_text(p.elapsed_s).c_str(), seconds_text(p.eta_s).c_str());
    else
        ImGui::Text("took %s", seconds_text(p.elapsed_s).c_str());
    if (preview.id() != 0) {
        ImGui::Image(texture_id(preview.id()), ImVec2(kPreviewSide, kPreviewSide));
        ImGui::SameLine();
        ImGui::TextDisabled(session.running() ? "x0 being\ndenoised" : "last x0\npreview");
    }
    const float width = ImGui::GetContentRegionAvail().x;
    const int per_row = std::max(1, int(width / (kThumbnailSide + ImGui::GetStyle().ItemSpacing.x)));
    for (size_t i = 0; i < thumbnails.size(); ++i) {
        if (i % per_row != 0) ImGui::SameLine();
        ImGui::Image(texture_id(thumbnails[i].id()), ImVec2(kThumbnailSide, kThumbnailSide));
        if (ImGui::IsItemHovered()) ImGui::SetTooltip("view %zu", i);
    }
    if (!thumbnails.empty()) ImGui::TextDisabled("viewer updated in %.0f ms", last_upload_ms);
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
        if (ImGui::CollapsingHeader("Sampling", ImGuiTreeNodeFlags_DefaultOpen) &&
            ImGui::BeginTable("samplers", 6, ImGuiTableFlags_SizingStretchProp)) {
            // Stretch weights: the sampler names need the room, the check box little.
            const std::pair<const char*, float> columns[] = {{"model", 1.0f}, {"sampler", 1.8f}, {"steps", 0.8f},
                                                             {"guidance", 1.4f}, {"eta", 0.9f}, {"clip", 0.7f}};
            for (const auto& [name, weight] : columns)
                ImGui::TableSetupColumn(name, ImGuiTableColumnFlags_WidthStretch, weight);
            ImGui::TableHeadersRow();
            sampler_row("uncond", s.unconditional);
            sampler_row("cond", s.conditional);
            ImGui::EndTable();
        }
        ImGui::EndDisabled();
    }
    ImGui::End();
}

}  // namespace ivid

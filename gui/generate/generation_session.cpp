#include "gui/generate/generation_session.hpp"

#include <utility>

#include "core/diffusion/sampler_settings.hpp"
#include "core/nn/adm_config.hpp"
#include "core/pipeline/class_selection.hpp"
#include "core/pipeline/viewset_spec.hpp"
#include "core/util/error.hpp"

namespace fs = std::filesystem;

namespace ivid {
namespace {

using pipeline::GenerationEventKind;

const fs::path& required_path(const fs::path& path, const std::string& field) {
    if (path.empty()) throw Error::at("Generate", field, "a file", "an empty field");
    return path;
}

diffusion::SamplerSettings sampler_settings(const GenerateSamplerSettings& s) {
    diffusion::SamplerSettings settings;
    settings.sampler = diffusion::parse_sampler_kind(s.sampler);
    settings.steps = s.steps;
    settings.guidance = s.guidance;
    settings.clip_denoised = s.clip_denoised;
    settings.eta = s.eta;
    return settings;
}

bool same_files(const pipeline::ModelFiles& a, const pipeline::ModelFiles& b) {
    return a.config == b.config && a.checkpoint == b.checkpoint;
}

bool same_models(const pipeline::ModelSources& a, const pipeline::ModelSources& b) {
    return same_files(a.unconditional, b.unconditional) && same_files(a.conditional, b.conditional);
}

}  // namespace

std::string model_source_key(const GenerateSettings& s) {
    std::string key = model_source_name(s.source);
    for (const fs::path* path : {&s.pack_dir, &s.unconditional_config, &s.unconditional_checkpoint,
                                 &s.conditional_config, &s.conditional_checkpoint})
        key += "\n" + path->string();
    return key;
}

bool adopt_pack_suggestions(GenerateSettings& settings, const ResolvedModels& models) {
    if (!models.pack) return false;
    // The pack's name too: a newly shipped default pack brings its own suggestions.
    const std::string key = model_source_key(settings) + "\n" + models.pack->models.name;
    if (settings.sampler_source == key) return false;
    for (auto [from, to] : {std::pair{&models.pack->unconditional, &settings.unconditional},
                            std::pair{&models.pack->conditional, &settings.conditional}})
        *to = {diffusion::sampler_kind_name(from->sampler), from->steps, static_cast<float>(from->guidance),
               from->clip_denoised, static_cast<float>(from->eta)};
    settings.viewset = models.pack->viewset;
    settings.sampler_source = key;
    return true;
}

ResolvedModels resolve_models(const GenerateSettings& settings) {
    ResolvedModels resolved;
    switch (settings.source) {
        case ModelSourceKind::DefaultPack: resolved.pack = pipeline::load_default_model_pack(); break;
        case ModelSourceKind::PackFolder:
            resolved.pack = pipeline::load_model_pack(required_path(settings.pack_dir, "pack folder"));
            break;
        case ModelSourceKind::Files:
            resolved.sources.name = "custom";
            resolved.sources.unconditional = {
                required_path(settings.unconditional_config, "unconditional config"),
                required_path(settings.unconditional_checkpoint, "unconditional checkpoint"), {}};
            resolved.sources.conditional = {
                required_path(settings.conditional_config, "conditional config"),
                required_path(settings.conditional_checkpoint, "conditional checkpoint"), {}};
            break;
    }
    if (resolved.pack) resolved.sources = resolved.pack->models;
    // The configs alone (no weights) tell the image size and classes; the job checks the pair.
    const nn::ModelConfig config = nn::load_model_config(resolved.sources.unconditional.config);
    resolved.image_size = config.backbone.image_size;
    resolved.num_classes = config.backbone.num_classes;
    return resolved;
}

pipeline::GenerationRequest generation_request(const GenerateSettings& settings, const ResolvedModels& models) {
    pipeline::GenerationRequest request;
    request.models = models.sources;
    request.seeds = {settings.seed};
    request.viewset = pipeline::parse_viewset(settings.viewset);
    if (settings.class_id >= 0) {
        request.classes = {pipeline::ClassMode::List, {settings.class_id}};
        if (models.num_classes) pipeline::assign_classes(request.classes, request.seeds, *models.num_classes);
    }
    request.unconditional = sampler_settings(settings.unconditional);
    request.conditional = sampler_settings(settings.conditional);
    if (models.pack) {
        request.aggregation = models.pack->aggregation;
        request.corrections = models.pack->corrections;
    }
    request.preview_every = 1;
    return request;
}

void GenerationSession::start(pipeline::GenerationRequest request) {
    job_.reset();
    if (models_ && same_models(models_from_, request.models) && models_device_ == request.device)
        request.loaded = models_;
    requested_models_ = request.models;
    requested_device_ = request.device;
    progress_ = GenerationProgress{};
    progress_.views = static_cast<int>(request.viewset.poses.size());
    scene_ = Scene{};
    complete_ = false;
    preview_ = ImageU8{};
    job_ = std::make_unique<pipeline::GenerationJob>(std::move(request));
}

void GenerationSession::cancel() {
    if (job_) job_->cancel();
}

GenerationSession::Update GenerationSession::poll() {
    Update update;
    if (!job_) return update;
    for (pipeline::GenerationEvent& event : job_->poll()) handle(event, update);
    // The worker has posted its last event: it ends now, so dropping the job never waits.
    if (update.terminal) job_.reset();
    return update;
}

void GenerationSession::handle(pipeline::GenerationEvent& event, Update& update) {
    // Only these events say where the sampler is; the others leave their step fields unset.
    if (event.kind == GenerationEventKind::ViewStarted || event.kind == GenerationEventKind::Step) {
        progress_.view = event.view;
        progress_.views = event.views;
        progress_.step = event.step;
        progress_.steps = event.steps;
        progress_.elapsed_s = event.elapsed_s;
        progress_.eta_s = event.eta_s;
        progress_.fraction = event.fraction;
    }
    switch (event.kind) {
        case GenerationEventKind::ModelsLoaded:
            progress_.models_loaded = true;
            models_ = event.models;
            models_from_ = requested_models_;
            models_device_ = requested_device_;
            break;
        case GenerationEventKind::Preview:
            preview_ = std::move(event.preview);
            update.preview_changed = true;
            break;
        case GenerationEventKind::ViewFinished:
            scene_.image_size = event.view_data->color.width;
            scene_.views.push_back(*event.view_data);
            update.views_changed = true;
            break;
        case GenerationEventKind::Done:
            scene_ = event.scenes->front();
            complete_ = true;
            progress_.fraction = 1.0;
            progress_.eta_s = 0.0;
            update.views_changed = true;
            update.terminal = std::move(event);
            break;
        case GenerationEventKind::Failed:
        case GenerationEventKind::Cancelled: update.terminal = std::move(event); break;
        case GenerationEventKind::ViewStarted:
        case GenerationEventKind::Step:
        case GenerationEventKind::Saved: break;
    }
}

}  // namespace ivid

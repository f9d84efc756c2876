#include "gui/generate/generation_session.hpp"

#include <algorithm>
#include <utility>

#include "core/engine_api.hpp"
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
    settings.start_strength = s.start_strength;
    return settings;
}

bool same_files(const pipeline::ModelFiles& a, const pipeline::ModelFiles& b) {
    return a.config == b.config && a.checkpoint == b.checkpoint;
}

// The loaded networks run whatever stages they hold: a job with the super-resolution stage
// switched off (or on) needs networks loaded without (or with) the SR model.
bool same_models(const pipeline::ModelSources& a, const pipeline::ModelSources& b) {
    return same_files(a.unconditional, b.unconditional) && same_files(a.conditional, b.conditional) &&
           a.super_resolution.has_value() == b.super_resolution.has_value() &&
           (!a.super_resolution || same_files(*a.super_resolution, *b.super_resolution));
}

GenerateSamplerSettings panel_sampler(const diffusion::SamplerSettings& s) {
    return {diffusion::sampler_kind_name(s.sampler), s.steps, static_cast<float>(s.guidance), s.clip_denoised,
            static_cast<float>(s.eta), static_cast<float>(s.start_strength)};
}

// The SR model's size from its config alone; what the job would refuse about it.
void resolve_super_resolution(ResolvedModels& resolved) {
    if (!resolved.sources.super_resolution) return;
    try {
        const nn::ModelConfig config = nn::load_model_config(resolved.sources.super_resolution->config);
        resolved.super_resolution_size = config.backbone.image_size;
    } catch (const std::exception& e) {
        resolved.super_resolution_problem = e.what();
        return;
    }
    const int size = resolved.super_resolution_size, base = resolved.image_size;
    if (base > 0 && (size <= base || size % base != 0))
        resolved.super_resolution_problem = "the super-resolution model makes " + std::to_string(size) + " x " +
                                            std::to_string(size) + " views, not an integer multiple of the " +
                                            std::to_string(base) + " x " + std::to_string(base) + " views it would upsample";
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
    // The pack's name too: a newly shipped default pack brings its own suggestions; so does a
    // pack that gained a super-resolution model.
    const bool super_resolution = models.pack->models.super_resolution.has_value();
    const std::string key = model_source_key(settings) + "\n" + models.pack->models.name +
                            (super_resolution ? "\nsuper_resolution" : "");
    if (settings.sampler_source == key) return false;
    settings.unconditional = panel_sampler(models.pack->unconditional);
    settings.conditional = panel_sampler(models.pack->conditional);
    if (super_resolution) {
        settings.super_resolution_sampler = panel_sampler(models.pack->super_resolution);
        settings.super_resolution = true;
    }
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
    resolve_super_resolution(resolved);
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
    if (settings.super_resolution && request.models.super_resolution) {
        request.super_resolution.sampler = sampler_settings(settings.super_resolution_sampler);
        request.super_resolution.mode = pipeline::parse_upscale_mode(settings.super_resolution_mode, "Generate");
        if (models.pack) request.super_resolution.back_projection = float(models.pack->super_resolution_back_projection);
        // Consistent mode warps the upsampled views into the next as the base stage does.
        request.super_resolution.aggregation = request.aggregation;
    } else {
        request.models.super_resolution.reset();
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
    progress_.seed = request.seeds.empty() ? 0 : request.seeds.front();
    const int views = static_cast<int>(request.viewset.poses.size());
    progress_.views = views;
    // Base steps: one per batch of seeds; the SR stage upsamples one scene at a time.
    const int64_t seeds = static_cast<int64_t>(request.seeds.size());
    const int64_t batches = (seeds + std::max(1, request.batch_size) - 1) / std::max(1, request.batch_size);
    if (request.models.super_resolution)
        progress_.super_resolution_steps = pipeline::super_resolution_steps(request.super_resolution, views) * seeds;
    progress_.steps_total = (request.unconditional.steps + int64_t(request.conditional.steps) * std::max(0, views - 1)) *
                                batches + progress_.super_resolution_steps;
    super_resolution_batch_ =
        request.super_resolution.mode == pipeline::UpscaleMode::Consistent ? 1 : std::max(1, request.super_resolution.batch_size);
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
        progress_.seed = event.seed;
        progress_.view = event.view;
        progress_.views = event.views;
        progress_.step = event.step;
        progress_.steps = event.steps;
        progress_.super_resolution = event.super_resolution;
        progress_.last_view = event.super_resolution ? std::min(event.view + super_resolution_batch_, event.views) - 1
                                                     : event.view;
        if (event.kind == GenerationEventKind::Step)
            progress_.steps_done = std::min(progress_.steps_done + 1, progress_.steps_total);
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
            progress_.steps_done = progress_.steps_total;
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

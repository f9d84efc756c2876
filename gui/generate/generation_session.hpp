// The studio's side of a generation: which models the Generate panel's settings name, the
// request they make, and one running pipeline::GenerationJob whose events are drained once per
// frame into what the panel shows: progress, the x0 preview, and the scene so far (every
// finished view as soon as it arrives, then the finished scene with its provenance). Nothing
// here touches GL or ImGui, and nothing blocks: the job samples on its own thread.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/engine_api.hpp"
#include "core/image/image.hpp"
#include "core/scene/scene.hpp"
#include "gui/state/generate_settings.hpp"

namespace ivid {

// The models the settings name, with what the panel needs to know about them.
struct ResolvedModels {
    pipeline::ModelSources sources;
    std::optional<pipeline::ModelPack> pack;  // set when they come from a pack (its suggestions)
    int image_size = 0;
    std::optional<int> num_classes;           // class-conditional models only
    // When the models include a super-resolution model (sources.super_resolution): the size of
    // the views it makes (0: its config could not be read), and what the job will refuse about
    // it (an unreadable config, a size that is no multiple of image_size; empty: nothing).
    int super_resolution_size = 0;
    std::string super_resolution_problem;
};

// Identifies the models the settings name (source kind and paths): equal keys, same models.
std::string model_source_key(const GenerateSettings& settings);

// When the models come from a pack whose suggestions the settings have not adopted yet
// (settings.sampler_source), copies its sampler settings (super-resolution included, switched on
// when the pack has an SR model) and viewset into them and returns true.
bool adopt_pack_suggestions(GenerateSettings& settings, const ResolvedModels& models);

// Reads the pack (or the two configs) the settings name. Throws Error: no default pack (naming
// the paths tried), an invalid pack.json, missing or unreadable configs, an empty path field.
ResolvedModels resolve_models(const GenerateSettings& settings);

// One seed's request (nothing written: the scene stays in memory), with the super-resolution
// stage when the models include an SR model and settings.super_resolution is on. Throws Error
// for an impossible viewset, an unknown sampler name or mode, or a class the models do not have.
pipeline::GenerationRequest generation_request(const GenerateSettings& settings, const ResolvedModels& models);

struct GenerationProgress {
    uint64_t seed = 0;
    bool models_loaded = false;
    int view = 0, views = 0;  // 0-based view being sampled, views in the scene
    int step = 0, steps = 0;  // 1-based sampler step of that view (0: it starts)
    // The super-resolution stage: views [view, last_view] are being upsampled together.
    bool super_resolution = false;
    int last_view = 0;
    // Sampler steps of the whole job, both stages: finished so far, and all it will take.
    int64_t steps_done = 0, steps_total = 0;
    int64_t super_resolution_steps = 0;  // of steps_total
    double elapsed_s = 0.0;
    double eta_s = -1.0;      // -1: not known yet
    double fraction = 0.0;    // of the whole job (measured time; the stages' steps differ in cost)
};

class GenerationSession {
public:
    // What one poll() brought.
    struct Update {
        bool views_changed = false;    // scene() has another view (or became the finished scene)
        bool preview_changed = false;
        std::optional<pipeline::GenerationEvent> terminal;  // Done, Failed or Cancelled
    };

    // Starts a job for `request` (a previous, finished one is dropped). The networks of the
    // last job are reused when the request names the same files.
    void start(pipeline::GenerationRequest request);
    // The job ends with a Cancelled event within one sampler step.
    void cancel();
    bool running() const { return job_ != nullptr; }
    Update poll();

    const GenerationProgress& progress() const { return progress_; }
    // The views finished so far; after Done, the whole scene with provenance.
    const Scene& scene() const { return scene_; }
    // True once Done delivered the whole scene (the one worth saving).
    bool complete() const { return complete_; }
    const ImageU8& preview() const { return preview_; }

private:
    void handle(pipeline::GenerationEvent& event, Update& update);

    std::unique_ptr<pipeline::GenerationJob> job_;
    int super_resolution_batch_ = 1;  // views the running job's SR stage upsamples together
    pipeline::ModelSources requested_models_;
    std::string requested_device_;
    std::shared_ptr<const pipeline::GenerationModels> models_;  // of the last job that loaded them
    pipeline::ModelSources models_from_;
    std::string models_device_;
    GenerationProgress progress_;
    Scene scene_;
    bool complete_ = false;
    ImageU8 preview_;
};

}  // namespace ivid

// A generation run on its own thread: IVID's method (inference/sample.py) for one or more
// seeds. The caller polls events (generation_event.hpp) and may cancel; cancellation takes
// effect before the next sampler step. Results are deterministic for the same request on the
// same device: every scene draws its noise from its own seed, independent of batching.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <string>
#include <thread>
#include <vector>

#include "core/diffusion/sampler_settings.hpp"
#include "core/pipeline/class_selection.hpp"
#include "core/pipeline/generation_event.hpp"
#include "core/pipeline/model_pack.hpp"
#include "core/pipeline/upscale_settings.hpp"
#include "core/pipeline/viewset_spec.hpp"

namespace ivid::pipeline {

struct GenerationRequest {
    ModelSources models;                             // loaded by the job unless `loaded` is set
    std::shared_ptr<const GenerationModels> loaded;  // networks kept from an earlier job
    std::string device = "cpu";                      // used when the job loads the models
    std::vector<uint64_t> seeds = {0};               // one scene per seed
    ViewsetSpec viewset = parse_viewset("3x9");
    ClassChoice classes;                             // ignored for models without classes
    diffusion::SamplerSettings unconditional = ivid_default_settings(false);
    diffusion::SamplerSettings conditional = ivid_default_settings(true);
    AggregateSettings aggregation;  // edge tolerances and colour erosion (the pack's, else IVID's)
    CorrectionWeights corrections;  // x0 corrections of conditional views (the pack's, else IVID's)
    UpscaleSettings super_resolution;  // used when models.super_resolution names an SR model
    int batch_size = 4;        // scenes sampled together in one network call per step
    int preview_every = 0;     // x0 preview every k steps (0: none)
    std::filesystem::path out; // empty: keep the scenes in memory only (Done event)
    bool overwrite = false;    // replace an existing `out`
};

// Where the scene of seeds[i] is written: `out` itself for one seed, else out/seed<N>.
std::filesystem::path scene_output_dir(const GenerationRequest& request, size_t scene);

class GenerationJob {
public:
    // Starts the worker. Problems with the request (models, viewset, classes, an existing `out`)
    // arrive as a Failed event.
    explicit GenerationJob(GenerationRequest request);
    ~GenerationJob();  // cancels and joins
    GenerationJob(const GenerationJob&) = delete;
    GenerationJob& operator=(const GenerationJob&) = delete;

    // Asks the worker to stop; it ends with a Cancelled event within one sampler step.
    void cancel();
    // Events posted since the last call (never blocks).
    std::vector<GenerationEvent> poll();
    // Waits up to `timeout` for events (the CLI's loop).
    std::vector<GenerationEvent> wait(std::chrono::milliseconds timeout);
    // True once the terminal event (Done, Failed, Cancelled) has been posted.
    bool finished() const;
    void join();

private:
    void run();
    GenerationRequest request_;
    GenerationEventQueue events_;
    std::atomic<bool> cancel_{false};
    std::atomic<bool> finished_{false};
    std::thread worker_;
};

}  // namespace ivid::pipeline

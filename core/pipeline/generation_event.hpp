// What a generation job reports, and the thread-safe queue it reports through: the worker pushes,
// the GUI (each frame) or the CLI drains. Nothing calls back into the caller's code.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/image/image.hpp"
#include "core/pipeline/generation_figures.hpp"
#include "core/scene/scene.hpp"
#include "core/util/enum_names.hpp"

namespace ivid::pipeline {

struct GenerationModels;

enum class GenerationEventKind {
    ModelsLoaded,   // networks ready (models: reusable for the next job)
    ViewStarted,    // scenes [scene, scene+scene_count) start view `view`
    Step,           // a sampler step of that view finished
    Preview,        // x0 preview of one scene's view (every preview_every steps)
    ViewFinished,   // one scene's finished view, with its condition buffers (view_data)
    Saved,          // the scene folder(s) under request.out are complete (message: the path)
    Done,           // terminal: all scenes (scenes)
    Failed,         // terminal: message says why; nothing was written
    Cancelled,      // terminal: cancel() took effect; nothing was written
};
inline constexpr EnumName<GenerationEventKind> kGenerationEventKindNames[] = {
    {GenerationEventKind::ModelsLoaded, "models_loaded"}, {GenerationEventKind::ViewStarted, "view_started"},
    {GenerationEventKind::Step, "step"},                  {GenerationEventKind::Preview, "preview"},
    {GenerationEventKind::ViewFinished, "view_finished"}, {GenerationEventKind::Saved, "saved"},
    {GenerationEventKind::Done, "done"},                  {GenerationEventKind::Failed, "failed"},
    {GenerationEventKind::Cancelled, "cancelled"}};

std::string generation_event_kind_name(GenerationEventKind kind);

struct GenerationEvent {
    GenerationEventKind kind = GenerationEventKind::Step;
    int scene = -1;          // index into GenerationRequest::seeds (first of a batch); -1: whole job
    int scene_count = 0;     // scenes the event covers (a batch for ViewStarted / Step)
    uint64_t seed = 0;       // the seed of `scene`
    int view = 0, views = 0; // 0-based view index, views per scene
    int step = 0, steps = 0; // 1-based sampler step of the current view, its step count
    bool super_resolution = false;  // ViewStarted / Step of the super-resolution stage (view: the
                                    // first of the views upsampled together, scene_count: 1)
    double elapsed_s = 0.0;  // since sampling started (after the models were loaded)
    double eta_s = -1.0;     // estimated seconds left for the whole job (-1: not known yet)
    double fraction = 0.0;   // 0..1 of the whole job's expected work
    ImageU8 preview;                                   // Preview: x0 colour, H x W x 3
    std::shared_ptr<const View> view_data;             // ViewFinished
    std::shared_ptr<const std::vector<Scene>> scenes;  // Done: in seed order
    GenerationFigures figures;                         // Done: where the time went
    std::shared_ptr<const GenerationModels> models;    // ModelsLoaded, Done
    std::string message;                               // Saved, Failed, Cancelled

    bool terminal() const;
};

class GenerationEventQueue {
public:
    void push(GenerationEvent event);
    // Everything queued so far (possibly nothing); never blocks on the worker.
    std::vector<GenerationEvent> drain();
    // Waits up to `timeout` for at least one event, then drains.
    std::vector<GenerationEvent> wait_and_drain(std::chrono::milliseconds timeout);

private:
    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<GenerationEvent> events_;
};

}  // namespace ivid::pipeline

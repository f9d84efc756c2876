// The generation method itself, synchronous (GenerationJob runs it on its thread): for every
// batch of seeds, view 0 from the unconditional model, every further view from the conditional
// model conditioned on the aggregate of the views made so far, each view meshed for the next.
#pragma once

#include <atomic>
#include <functional>
#include <vector>

#include "core/pipeline/generation_event.hpp"
#include "core/pipeline/generation_job.hpp"
#include "core/pipeline/generation_models.hpp"

namespace ivid::pipeline {

using EventSink = std::function<void(GenerationEvent)>;

// Scenes in seed order. Posts ViewStarted / Step / Preview / ViewFinished events; throws
// diffusion::SamplingCancelled when `cancel` is set (checked before every sampler step) and Error
// on bad requests (class choice, viewset against the model) or numerical failure. `figures`
// (optional) receives where the time went.
std::vector<Scene> generate_scenes(const GenerationModels& models, const GenerationRequest& request,
                                   const EventSink& post, const std::atomic<bool>& cancel,
                                   GenerationFigures* figures = nullptr);

}  // namespace ivid::pipeline

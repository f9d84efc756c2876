// The super-resolution stage (IVID's SuperResCFG model): every view of a finished scene is
// upsampled, colour and depth together, conditioned on the view itself. The base-resolution views
// are kept in the scene (View::base), and the provenance records the model and settings.
//
// Two modes. Independent: each view on its own, as IVID does, so detail invented in one view need
// not agree with its neighbours. Consistent: views in viewset order, each with the views already
// upsampled warped into it and held as known pixels through the x0 corrections the conditional
// model uses (replace_rgb / replace_depth).
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>

#include "core/pipeline/generation_models.hpp"
#include "core/pipeline/upscale_settings.hpp"
#include "core/scene/scene.hpp"

namespace ivid::pipeline {

// The SR model's checks before weights are read: SuperResCFG, 8 input and 4 output channels.
// Error naming the config file and key.
void check_superres_model(const nn::ModelConfig& config);

// Whether the sampler starts where the model was trained: a model trained on t < f T only
// (trainer.args.max_timestep_fraction f) makes no usable image from a start above f. Error
// naming the config, the key and the strength to use otherwise.
void check_superres_start(const nn::ModelConfig& config, const diffusion::SamplerSettings& sampler);

// Whether `model` upsamples scenes of `scene_size` (its image_size an integer multiple > 1 of it);
// Error naming both sizes and the config otherwise.
void check_superres_fits(const nn::ModelConfig& model, int scene_size);

// A scene can be upsampled once, and only with views: Error otherwise.
void check_scene_upscalable(const Scene& scene);

struct UpscaleProgress {
    int view = 0, views = 0;   // first view of the current batch (0-based), views in the scene
    int batch_views = 1;       // views in the current batch
    int step = 0, steps = 0;   // sampler step just finished (0: the batch starts)
};

// Upsamples `scene` in place (it must not be upsampled already). Noise comes from `seed` and the
// view index, so the result does not depend on the batch size. Throws
// diffusion::SamplingCancelled when `cancel` is set (checked before every sampler step); the
// scene is then unchanged.
void upscale_scene(Scene& scene, const LoadedModel& model, const UpscaleSettings& settings, uint64_t seed,
                   const std::function<void(const UpscaleProgress&)>& on_progress = {},
                   const std::atomic<bool>* cancel = nullptr);

}  // namespace ivid::pipeline

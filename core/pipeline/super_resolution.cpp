#include "core/pipeline/super_resolution.hpp"

#include <chrono>
#include <memory>

#include <ATen/ATen.h>

#include "core/diffusion/rgbd_tensor.hpp"
#include "core/diffusion/sampler.hpp"
#include "core/geometry/depth.hpp"
#include "core/pipeline/batched_seeded_noise.hpp"
#include "core/pipeline/view_conditioning.hpp"
#include "core/util/error.hpp"
#include "core/util/number_text.hpp"
#include "core/util/json_fields.hpp"

namespace ivid::pipeline {
namespace {

using Clock = std::chrono::steady_clock;

// A view's noise generator: views are at most kMaxSceneViews < 1000, so (seed, view) pairs do not
// collide.
uint64_t view_noise_seed(uint64_t seed, size_t view) { return seed * 1000u + uint64_t(view); }

// The view as the SR model sees it: RGBD in [-1, 1], depth z_buffer-encoded with the scene's range.
at::Tensor low_res_tensor(const View& v, const Scene& scene) {
    Image rgbd(v.color.width, v.color.height, 4);
    const Image depth = zbuffer_from_linear(v.depth, scene.near, scene.far);
    for (int r = 0; r < rgbd.height; ++r)
        for (int c = 0; c < rgbd.width; ++c) {
            for (int ch = 0; ch < 3; ++ch) rgbd.at(r, c, ch) = float(v.color.at(r, c, ch)) / 255.0f;
            rgbd.at(r, c, 3) = depth.at(r, c);
        }
    return diffusion::signed_tensor_from_image(rgbd);
}

struct Upsampled {
    ImageU8 color;
    Image color_float;  // [0, 1], as the meshes of consistent mode are textured
    Image depth;        // linear
};

Upsampled decode(const at::Tensor& sample, const Scene& scene) {
    const Image rgbd = diffusion::image_from_signed_tensor(sample);
    Upsampled u;
    u.color_float = select_channels(rgbd, 0, 3);
    u.color = to_u8_truncate(u.color_float);
    u.depth = linear_from_zbuffer(select_channels(rgbd, 3, 1), scene.near, scene.far);
    return u;
}

class Upscaler {
public:
    Upscaler(const Scene& scene, const LoadedModel& model, const UpscaleSettings& settings, uint64_t seed,
             const std::function<void(const UpscaleProgress&)>& on_progress, const std::atomic<bool>* cancel)
        : scene_(scene), model_(model), settings_(settings), seed_(seed), on_progress_(on_progress), cancel_(cancel),
          size_(model.config.backbone.image_size) {
        check_superres_start(model.config, settings.sampler);
    }

    // Views [first, first + n) with optional x0 corrections (consistent mode).
    std::vector<Upsampled> sample_views(size_t first, size_t n, const diffusion::X0Corrections& corrections) {
        std::vector<at::Tensor> low;
        std::vector<std::unique_ptr<diffusion::SeededNoise>> generators;
        std::vector<diffusion::SeededNoise*> noises;
        for (size_t k = first; k < first + n; ++k) {
            low.push_back(low_res_tensor(scene_.views[k], scene_));
            generators.push_back(std::make_unique<diffusion::SeededNoise>(view_noise_seed(seed_, k)));
            noises.push_back(generators.back().get());
        }
        diffusion::SampleRequest request;
        request.shape = {int64_t(n), 4, size_, size_};
        request.low_res = diffusion::SuperResCondition{at::stack(low).to(model_.diffusion.device)};
        const auto& label = scene_.provenance.class_label;
        if (model_.config.backbone.num_classes && label)
            request.classes = at::full({int64_t(n)}, int64_t(*label), at::kLong);
        request.corrections = corrections;
        if (settings_.back_projection > 0.0f)
            request.corrections.back_projection = diffusion::BackProjection{settings_.back_projection, request.low_res->y};
        if (settings_.sampler.start_strength < 1.0) request.start = diffusion::StartImage{diffusion::bicubic_start_image(request.low_res->y, size_)};

        UpscaleProgress progress{int(first), int(scene_.views.size()), int(n), 0, settings_.sampler.steps};
        if (on_progress_) on_progress_(progress);
        diffusion::SampleControl control;
        control.cancel = cancel_;
        control.on_step = [&](const diffusion::StepProgress& p) {
            progress.step = p.step;
            if (on_progress_) on_progress_(progress);
        };
        BatchedSeededNoise noise(noises);
        const at::Tensor samples =
            diffusion::sample(model_.diffusion, settings_.sampler, request, noise, control).samples.to(at::kCPU);
        std::vector<Upsampled> out;
        for (size_t k = 0; k < n; ++k) out.push_back(decode(samples[int64_t(k)], scene_));
        return out;
    }

    std::vector<Upsampled> independent() {
        std::vector<Upsampled> all;
        const size_t views = scene_.views.size(), batch = size_t(settings_.batch_size);
        for (size_t first = 0; first < views; first += batch) {
            std::vector<Upsampled> part = sample_views(first, std::min(batch, views - first), {});
            for (auto& u : part) all.push_back(std::move(u));
        }
        return all;
    }

    std::vector<Upsampled> consistent() {
        AggregateSettings agg = settings_.aggregation;
        agg.fov_deg = scene_.fov_deg;
        agg.near = scene_.near;
        agg.far = scene_.far;
        const MeshOptions mesh_options = view_mesh_options(agg);
        const double w = settings_.consistency_weight;
        std::vector<Upsampled> all;
        std::vector<RgbdMesh> meshes;
        std::vector<Image> colors;
        for (size_t v = 0; v < scene_.views.size(); ++v) {
            diffusion::X0Corrections corrections;
            if (v > 0) {
                const AggregateConditions known = aggregate_conditions(meshes, colors, scene_.views[v].modelview, agg);
                const c10::Device& device = model_.diffusion.device;
                const at::Tensor color = diffusion::signed_tensor_from_image(known.color).unsqueeze(0).to(device);
                const at::Tensor depth = diffusion::signed_tensor_from_image(known.depth).unsqueeze(0).to(device);
                const at::Tensor mask = diffusion::tensor_from_image(known.mask).unsqueeze(0).to(device);
                const at::Tensor mask_rgb = diffusion::tensor_from_image(known.mask_rgb).unsqueeze(0).to(device);
                corrections.replace_rgb = diffusion::ReplaceRgb{w, color, mask_rgb};
                corrections.replace_depth = diffusion::ReplaceDepth{w, depth, mask};
            }
            Upsampled u = std::move(sample_views(v, 1, corrections).front());
            meshes.push_back(depth_to_mesh(u.depth, mesh_options, scene_.views[v].modelview));
            colors.push_back(u.color_float);
            all.push_back(std::move(u));
        }
        return all;
    }

private:
    const Scene& scene_;
    const LoadedModel& model_;
    const UpscaleSettings& settings_;
    uint64_t seed_;
    const std::function<void(const UpscaleProgress&)>& on_progress_;
    const std::atomic<bool>* cancel_;
    int size_;
};

void record_provenance(Scene& scene, const LoadedModel& model, const UpscaleSettings& settings, uint64_t seed,
                       double seconds) {
    Provenance& p = scene.provenance;
    ModelIdentity identity = model.identity;
    identity.role = "super_resolution";
    p.models.push_back(identity);
    if (!p.sampler.is_object()) p.sampler = nlohmann::json::object();
    p.sampler["super_resolution"] = diffusion::to_json(settings.sampler);
    nlohmann::json sr = {{"model_files", {{"config", model.files.recorded_config()},
                                          {"checkpoint", model.files.recorded_checkpoint()}}},
                         {"base_image_size", scene.base_image_size},
                         {"image_size", scene.image_size},
                         {"mode", upscale_mode_name(settings.mode)},
                         {"seed", seed},
                         {"batch_size", settings.batch_size},
                         {"back_projection", json_decimal(settings.back_projection)},
                         {"seconds", seconds}};
    if (settings.mode == UpscaleMode::Consistent) {
        sr["consistency_weight"] = json_decimal(settings.consistency_weight);
        sr["aggregation"] = aggregation_tolerances_to_json(settings.aggregation);
    }
    if (!p.extra.is_object()) p.extra = nlohmann::json::object();
    p.extra["super_resolution"] = sr;
}

}  // namespace

void check_superres_model(const nn::ModelConfig& config) {
    if (config.framework.name != "SuperResCFG")
        throw Error::at(config.file, "framework.name", "\"SuperResCFG\" (the super-resolution model)",
                        "\"" + config.framework.name + "\"");
    const auto& b = config.backbone;
    if (b.in_channels != 8 || b.out_channels != 4)
        throw Error::at(config.file, "backbone.args in_channels/out_channels",
                        "8 and 4 (an RGBD super-resolution model)",
                        std::to_string(b.in_channels) + " and " + std::to_string(b.out_channels));
}

void check_superres_start(const nn::ModelConfig& config, const diffusion::SamplerSettings& sampler) {
    const double f = config.trained_timestep_fraction, strength = sampler.start_strength;
    if (strength <= f * (1.0 + 1e-9)) return;
    const int64_t steps = config.framework.args.value("timesteps", int64_t(1000));
    throw Error(config.file + ": trainer.args.max_timestep_fraction " + number_text(f) +
                ": the model was trained on diffusion steps below " + std::to_string(std::llround(f * double(steps))) +
                " of " + std::to_string(steps) + " only, so it cannot start at strength " + number_text(strength) +
                "; start part-way at a strength of at most " + number_text(f) +
                " (--strength-sr, or start_strength in a pack's super_resolution defaults)");
}

void check_superres_fits(const nn::ModelConfig& model, int scene_size) {
    const int size = model.backbone.image_size;
    if (scene_size < 1 || size <= scene_size || size % scene_size != 0)
        throw Error::at(model.file, "backbone.args.image_size",
                        "an integer multiple of the scene's " + std::to_string(scene_size) + "x" +
                            std::to_string(scene_size) + " views, larger than them",
                        std::to_string(size));
}

void check_scene_upscalable(const Scene& scene) {
    if (scene.base_image_size > 0)
        throw Error::at("super-resolution", "scene", "a scene at its base resolution",
                        "one already upsampled from " + std::to_string(scene.base_image_size) + "x" +
                            std::to_string(scene.base_image_size));
    if (scene.views.empty()) throw Error::at("super-resolution", "scene", "at least one view", "none");
}

void upscale_scene(Scene& scene, const LoadedModel& model, const UpscaleSettings& settings, uint64_t seed,
                   const std::function<void(const UpscaleProgress&)>& on_progress, const std::atomic<bool>* cancel) {
    check_scene_upscalable(scene);
    check_superres_model(model.config);
    check_superres_fits(model.config, scene.image_size);
    settings.sampler.validate(model.diffusion.schedule.timesteps(), "super-resolution");
    if (settings.batch_size < 1)
        throw Error::at("super-resolution", "batch size", ">= 1", std::to_string(settings.batch_size));
    if (!(settings.consistency_weight >= 0.0f && settings.consistency_weight <= 1.0f))
        throw Error::at("super-resolution", "consistency weight", "0..1", std::to_string(settings.consistency_weight));
    if (!(settings.back_projection >= 0.0f && settings.back_projection <= 1.0f))
        throw Error::at("super-resolution", "back-projection weight", "0..1", std::to_string(settings.back_projection));

    const auto start = Clock::now();
    Upscaler upscaler(scene, model, settings, seed, on_progress, cancel);
    std::vector<Upsampled> views =
        settings.mode == UpscaleMode::Independent ? upscaler.independent() : upscaler.consistent();

    // Only now, with every view done, is the scene changed.
    scene.base_image_size = scene.image_size;
    scene.image_size = model.config.backbone.image_size;
    for (size_t k = 0; k < views.size(); ++k) {
        View& v = scene.views[k];
        v.base = BaseView{std::move(v.color), std::move(v.depth)};
        v.color = std::move(views[k].color);
        v.depth = std::move(views[k].depth);
    }
    record_provenance(scene, model, settings, seed, std::chrono::duration<double>(Clock::now() - start).count());
}

}  // namespace ivid::pipeline

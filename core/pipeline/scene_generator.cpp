#include "core/pipeline/scene_generator.hpp"

#include <algorithm>
#include <array>
#include <chrono>
#include <set>
#include <string>

#include <ATen/ATen.h>

#include "core/diffusion/rgbd_tensor.hpp"
#include "core/diffusion/sampler.hpp"
#include "core/geometry/depth.hpp"
#include "core/pipeline/batched_seeded_noise.hpp"
#include "core/pipeline/super_resolution.hpp"
#include "core/pipeline/view_conditioning.hpp"
#include "core/raster/aggregate.hpp"
#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"
#include "core/util/timestamp.hpp"

namespace ivid::pipeline {

namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point start) {
    return std::chrono::duration<double>(Clock::now() - start).count();
}

ImageU8 mask_u8(const Image& mask) {
    ImageU8 out(mask.width, mask.height, 1);
    for (size_t i = 0; i < mask.data.size(); ++i) out.data[i] = mask.data[i] > 0.5f ? 255 : 0;
    return out;
}

// The condition buffers as the scene format stores them: colour already masked, linear depth
// where the depth mask is set, 0 elsewhere.
ViewCondition condition_buffers(const AggregateConditions& a, const AggregateSettings& s) {
    ViewCondition c;
    c.color = to_u8_truncate(a.color);
    c.mask = mask_u8(a.mask);
    c.mask_rgb = mask_u8(a.mask_rgb);
    c.depth = Image(a.depth.width, a.depth.height, 1);
    for (size_t i = 0; i < c.depth.data.size(); ++i)
        if (c.mask.data[i]) c.depth.data[i] = linear_from_zbuffer(a.depth.data[i], s.near, s.far);
    return c;
}

// Expected seconds left, from the per-step and per-aggregation times measured so far.
enum class Work { UnconditionalStep, ConditionalStep, SuperResolutionStep, Aggregation };

class EtaEstimate {
public:
    explicit EtaEstimate(std::array<int64_t, 4> counts) : left_(counts) {}
    void add(Work kind, double seconds) {
        means_[size_t(kind)].add(seconds);
        --left_[size_t(kind)];
        spent_ += seconds;
    }
    double eta() const {
        const Mean& u = means_[size_t(Work::UnconditionalStep)];
        const Mean& c = means_[size_t(Work::ConditionalStep)];
        if (u.count == 0 && c.count == 0) return -1.0;
        const double per_cond = c.count ? c.mean() : u.mean();
        const double per_uncond = u.count ? u.mean() : per_cond;
        // An SR step sees (scale^2 x) more pixels than a base step; until one is timed, count it
        // as four conditional steps (2x upsampling).
        const Mean& sr = means_[size_t(Work::SuperResolutionStep)];
        const double per_sr = sr.count ? sr.mean() : 4.0 * per_cond;
        return double(left_[0]) * per_uncond + double(left_[1]) * per_cond + double(left_[2]) * per_sr +
               double(left_[3]) * means_[size_t(Work::Aggregation)].mean();
    }
    // Never goes back: a step slower than the ones before raises the estimate of what is left,
    // which would otherwise move a progress bar backwards.
    double fraction() {
        const double left = eta();
        if (left >= 0) reported_ = std::max(reported_, spent_ / (spent_ + left));
        return reported_;
    }

private:
    struct Mean {
        double sum = 0;
        int64_t count = 0;
        void add(double s) { sum += s, ++count; }
        double mean() const { return count ? sum / double(count) : 0.0; }
    };
    std::array<Mean, 4> means_;
    std::array<int64_t, 4> left_;
    double spent_ = 0;
    double reported_ = 0;
};

// One view's times, recorded in the scene's provenance ("timings"): the batch's sampling (shared
// by its batch_scenes scenes), this scene's aggregation and meshing.
struct ViewTiming {
    int view = 0;
    double sample_s = 0, aggregate_s = 0, mesh_s = 0;
    size_t batch_scenes = 0;
};

nlohmann::json timings_json(const std::vector<ViewTiming>& timings) {
    nlohmann::json out = nlohmann::json::array();
    for (const ViewTiming& t : timings)
        out.push_back({{"view", t.view}, {"sample_s", t.sample_s}, {"batch_scenes", t.batch_scenes},
                       {"aggregate_s", t.aggregate_s}, {"mesh_s", t.mesh_s}});
    return out;
}

struct SceneState {
    uint64_t seed = 0;
    std::optional<int> class_label;
    std::vector<OrbitPose> poses;
    diffusion::SeededNoise noise;
    std::vector<RgbdMesh> meshes;
    std::vector<Image> colors;  // unclipped [0,1]-ish colour of every view, as IVID textures its meshes
    Scene scene;
    std::vector<ViewTiming> timings;

    explicit SceneState(uint64_t s) : seed(s), noise(s) {}
};

void validate_request(const GenerationModels& models, const GenerationRequest& r) {
    if (r.seeds.empty()) throw Error::at("generation request", "seeds", "at least one seed", "none");
    std::set<uint64_t> unique(r.seeds.begin(), r.seeds.end());
    if (unique.size() != r.seeds.size())
        throw Error::at("generation request", "seeds", "different seeds (one scene folder each)", "a repeated seed");
    if (r.batch_size < 1) throw Error::at("generation request", "batch_size", ">= 1", std::to_string(r.batch_size));
    if (r.preview_every < 0)
        throw Error::at("generation request", "preview_every", ">= 0", std::to_string(r.preview_every));
    validate_viewset(r.viewset.poses, "viewset \"" + r.viewset.text + "\"");
    r.unconditional.validate(models.unconditional.diffusion.schedule.timesteps(), "unconditional");
    r.conditional.validate(models.conditional.diffusion.schedule.timesteps(), "conditional");
    if (models.super_resolution)
        r.super_resolution.sampler.validate(models.super_resolution->diffusion.schedule.timesteps(), "super-resolution");
}

nlohmann::json model_files_json(const LoadedModel& m) {
    return {{"config", m.files.recorded_config()}, {"checkpoint", m.files.recorded_checkpoint()}};
}

Provenance base_provenance(const GenerationModels& models, const GenerationRequest& r, const AggregateSettings& a) {
    Provenance p;
    p.generator = "ivid generate";
    p.date = iso8601_utc_now();
    p.models = {models.unconditional.identity, models.conditional.identity};
    p.sampler = {{"unconditional", diffusion::to_json(r.unconditional)},
                 {"conditional", diffusion::to_json(r.conditional)}};
    p.extra = {{"model_pack", models.name},
               {"model_files", {{"unconditional", model_files_json(models.unconditional)},
                                {"conditional", model_files_json(models.conditional)}}},
               {"viewset", r.viewset.text},
               {"device", models.device.str()},
               {"batch_size", r.batch_size},
               {"class_mode", class_mode_name(r.classes.mode)},
               {"aggregation", {{"fov", json_decimal(a.fov_deg)}, {"near", json_decimal(a.near)}, {"far", json_decimal(a.far)},
                                {"atol", json_decimal(a.atol)}, {"rtol", json_decimal(a.rtol)}, {"erode_rgb", a.erode_rgb},
                                {"ssaa", a.ssaa}}},
               {"corrections", to_json(r.corrections)}};
    return p;
}

// One generate_scenes call, as IVID's sample.py runs it: the scenes in batches; per batch, the
// first view from the unconditional model, every further view from the conditional one on the
// aggregated renders of the views so far; then super-resolution. Each step is a member below.
class GenerationRun {
public:
    GenerationRun(const GenerationModels& models, const GenerationRequest& request, const EventSink& post,
                  const std::atomic<bool>& cancel)
        : models_(models), request_(request), post_(post), cancel_(cancel), start_(Clock::now()),
          agg_(request.aggregation), mesh_options_(view_mesh_options(agg_)), size_(models.image_size()),
          views_(int(request.viewset.poses.size())), sr_(models.super_resolution ? &*models.super_resolution : nullptr),
          classes_(scene_classes()), eta_(work_counts()) {
        make_scenes();
    }

    std::vector<Scene> run(GenerationFigures* figures) {
        for (size_t first = 0; first < states_.size(); first += size_t(request_.batch_size))
            generate_batch(first, std::min(states_.size() - first, size_t(request_.batch_size)));
        std::vector<Scene> scenes;
        for (auto& s : states_) {
            s->scene.provenance.extra["timings"] = timings_json(s->timings);
            scenes.push_back(std::move(s->scene));
        }
        if (figures) *figures = figures_;
        return scenes;
    }

private:
    std::vector<int> scene_classes() const {
        if (const auto n = models_.num_classes()) return assign_classes(request_.classes, request_.seeds, *n);
        if (request_.classes.mode == ClassMode::List)
            throw Error::at(models_.unconditional.config.file, "backbone.args.num_classes",
                            "a class-conditional model (classes were given)", "no classes");
        return {};
    }

    // Denoising steps of each model, and aggregations, the whole run will take (for the ETA).
    std::array<int64_t, 4> work_counts() const {
        const int64_t count = int64_t(request_.seeds.size());
        const int64_t batches = (count + request_.batch_size - 1) / request_.batch_size;
        return {int64_t(request_.unconditional.steps) * batches,
                int64_t(request_.conditional.steps) * int64_t(views_ - 1) * batches,
                sr_ ? super_resolution_steps(request_.super_resolution, views_) * count : 0, count * int64_t(views_ - 1)};
    }

    void make_scenes() {
        const Provenance provenance = base_provenance(models_, request_, agg_);
        for (size_t i = 0; i < request_.seeds.size(); ++i) {
            auto s = std::make_unique<SceneState>(request_.seeds[i]);
            s->poses = request_.viewset.poses_for_seed(s->seed);
            if (!classes_.empty()) s->class_label = classes_[i];
            s->scene.image_size = size_;
            s->scene.fov_deg = agg_.fov_deg;
            s->scene.near = agg_.near;
            s->scene.far = agg_.far;
            s->scene.provenance = provenance;
            s->scene.provenance.seed = s->seed;
            s->scene.provenance.class_label = s->class_label;
            states_.push_back(std::move(s));
        }
    }

    GenerationEvent event(GenerationEventKind kind, size_t scene, size_t scene_count, int view) {
        GenerationEvent e;
        e.kind = kind;
        e.scene = int(scene);
        e.scene_count = int(scene_count);
        e.seed = request_.seeds[scene];
        e.view = view;
        e.views = views_;
        e.elapsed_s = seconds_since(start_);
        e.eta_s = eta_.eta();
        e.fraction = eta_.fraction();
        return e;
    }

    void check_cancel(int view) const {
        if (cancel_.load()) throw diffusion::SamplingCancelled("generation cancelled before view " + std::to_string(view));
    }

    // Scenes [first, first + n): every view, then (with an SR model) the upsampling of each scene.
    void generate_batch(size_t first, size_t n) {
        std::vector<diffusion::SeededNoise*> noises;
        for (size_t k = 0; k < n; ++k) noises.push_back(&states_[first + k]->noise);
        BatchedSeededNoise noise(noises);
        for (int view = 0; view < views_; ++view) generate_view(first, n, view, noise);
        for (size_t k = 0; k < n; ++k) {
            SceneState& s = *states_[first + k];
            s.meshes.clear();
            s.colors.clear();
            if (sr_) upscale(first + k);
        }
    }

    // One view of the batch: its conditions (after the first view), one batched sampling run,
    // and each scene's new view added.
    void generate_view(size_t first, size_t n, int view, BatchedSeededNoise& noise) {
        const bool conditional = view > 0;
        post_(event(GenerationEventKind::ViewStarted, first, n, view));
        diffusion::SampleRequest sreq;
        sreq.shape = {int64_t(n), 4, size_, size_};
        if (!classes_.empty())
            sreq.classes = at::tensor(std::vector<int64_t>(classes_.begin() + long(first), classes_.begin() + long(first + n)), at::kLong);
        std::vector<AggregateConditions> conds(n);
        std::vector<double> agg_seconds(n, 0.0);
        if (conditional) {
            aggregate(first, view, conds, agg_seconds);
            set_conditional_inputs(sreq, conds, request_.corrections, models_.device);
        }
        const LoadedModel& model = conditional ? models_.conditional : models_.unconditional;
        const diffusion::SamplerSettings& settings = conditional ? request_.conditional : request_.unconditional;
        Clock::time_point step_start = Clock::now();
        const diffusion::SampleControl control = step_control(first, n, view, step_start);
        const auto t_sample = Clock::now();
        const at::Tensor samples = diffusion::sample(model.diffusion, settings, sreq, noise, control).samples.to(at::kCPU);
        const double sample_seconds = seconds_since(t_sample);
        for (size_t k = 0; k < n; ++k)
            add_view(first + k, samples[long(k)], view, conditional ? &conds[k] : nullptr,
                     ViewTiming{view, sample_seconds, agg_seconds[k], 0.0, n});
    }

    // The renders of each scene's views so far, aggregated at the new view's pose (IVID's condition).
    void aggregate(size_t first, int view, std::vector<AggregateConditions>& conds, std::vector<double>& seconds) {
        for (size_t k = 0; k < conds.size(); ++k) {
            check_cancel(view);
            SceneState& s = *states_[first + k];
            const auto t0 = Clock::now();
            conds[k] = aggregate_conditions(s.meshes, s.colors, orbit_modelview(s.poses[size_t(view)]), agg_);
            seconds[k] = seconds_since(t0);
            eta_.add(Work::Aggregation, seconds[k]);
        }
    }

    // Cancellation, step events and previews of the predicted x0 during a sampling run.
    diffusion::SampleControl step_control(size_t first, size_t n, int view, Clock::time_point& step_start) {
        diffusion::SampleControl control;
        control.cancel = &cancel_;
        control.on_step = [this, first, n, view, &step_start](const diffusion::StepProgress& p) {
            eta_.add(view > 0 ? Work::ConditionalStep : Work::UnconditionalStep, seconds_since(step_start));
            step_start = Clock::now();
            GenerationEvent e = event(GenerationEventKind::Step, first, n, view);
            e.step = p.step;
            e.steps = p.steps;
            post_(e);
            if (request_.preview_every > 0 && p.pred_x0 && (p.step % request_.preview_every == 0 || p.step == p.steps)) {
                const at::Tensor rgb = p.pred_x0->narrow(1, 0, 3);
                for (size_t k = 0; k < n; ++k) {
                    GenerationEvent pe = event(GenerationEventKind::Preview, first + k, 1, view);
                    pe.step = p.step;
                    pe.steps = p.steps;
                    pe.preview = to_u8_truncate(diffusion::image_from_signed_tensor(rgb[long(k)]));
                    post_(std::move(pe));
                }
            }
        };
        return control;
    }

    // A sampled RGBD view joins its scene: colour, linear depth, condition buffers, and its mesh
    // for the aggregations of the views after it.
    void add_view(size_t scene, const at::Tensor& sample, int view, const AggregateConditions* cond, ViewTiming timing) {
        SceneState& s = *states_[scene];
        const auto t_mesh = Clock::now();
        const Image sample_image = diffusion::image_from_signed_tensor(sample);
        View v;
        v.yaw = s.poses[size_t(view)].yaw;
        v.pitch = s.poses[size_t(view)].pitch;
        v.modelview = orbit_modelview(s.poses[size_t(view)]);
        const Image color = select_channels(sample_image, 0, 3);
        v.color = to_u8_truncate(color);
        v.depth = linear_from_zbuffer(select_channels(sample_image, 3, 1), agg_.near, agg_.far);
        if (cond) v.condition = condition_buffers(*cond, agg_);
        s.meshes.push_back(depth_to_mesh(v.depth, mesh_options_, v.modelview));
        s.colors.push_back(color);
        timing.mesh_s = seconds_since(t_mesh);
        s.timings.push_back(timing);
        figures_.sample_s += timing.sample_s / double(timing.batch_scenes);
        figures_.aggregate_s += timing.aggregate_s;
        figures_.mesh_s += timing.mesh_s;
        s.scene.views.push_back(v);
        GenerationEvent fe = event(GenerationEventKind::ViewFinished, scene, 1, view);
        fe.view_data = std::make_shared<const View>(std::move(v));
        post_(std::move(fe));
    }

    void upscale(size_t scene) {
        SceneState& s = *states_[scene];
        const auto t_upscale = Clock::now();
        auto step_start = t_upscale;
        upscale_scene(s.scene, *sr_, request_.super_resolution, s.seed, [&](const UpscaleProgress& p) {
            GenerationEvent e = event(p.step == 0 ? GenerationEventKind::ViewStarted : GenerationEventKind::Step, scene, 1, p.view);
            e.super_resolution = true;
            e.step = p.step;
            e.steps = p.steps;
            if (p.step > 0) eta_.add(Work::SuperResolutionStep, seconds_since(step_start));
            step_start = Clock::now();
            post_(e);
        }, &cancel_);
        figures_.upscale_s += seconds_since(t_upscale);
    }

    const GenerationModels& models_;
    const GenerationRequest& request_;
    const EventSink& post_;
    const std::atomic<bool>& cancel_;
    const Clock::time_point start_;
    const AggregateSettings& agg_;
    const MeshOptions mesh_options_;
    const int size_;
    const int views_;
    const LoadedModel* const sr_;
    const std::vector<int> classes_;
    EtaEstimate eta_;
    std::vector<std::unique_ptr<SceneState>> states_;
    GenerationFigures figures_;
};

}  // namespace

std::vector<Scene> generate_scenes(const GenerationModels& models, const GenerationRequest& request,
                                   const EventSink& post, const std::atomic<bool>& cancel, GenerationFigures* figures) {
    validate_request(models, request);
    return GenerationRun(models, request, post, cancel).run(figures);
}

}  // namespace ivid::pipeline

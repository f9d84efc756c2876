#include "core/eval/model_eval.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>

#include "core/diffusion/noise_source.hpp"
#include "core/diffusion/rgbd_tensor.hpp"
#include "core/diffusion/sampler.hpp"
#include "core/eval/eval_common.hpp"
#include "core/eval/inpaint_baseline.hpp"
#include "core/geometry/camera.hpp"
#include "core/geometry/depth.hpp"
#include "core/image/colormap.hpp"
#include "core/image/image_grid.hpp"
#include "core/image/image_io.hpp"
#include "core/image/metrics.hpp"
#include "core/pipeline/scene_generator.hpp"
#include "core/pipeline/view_conditioning.hpp"
#include "core/scene/synth_render.hpp"
#include "core/util/error.hpp"

namespace ivid::eval {
namespace {



Image complement(const Image& mask) {
    Image out = mask;
    for (float& v : out.data) v = v > 0.5f ? 0.0f : 1.0f;
    return out;
}

ImageU8 depth_picture(const Image& linear_depth, const AggregateSettings& agg) {
    return colorize(linear_depth, Colormap::Turbo, {agg.near, agg.far});
}

// x0 of a batch -> colour in [0,1] and linear depth.
struct Rgbd {
    Image color, depth;
};
Rgbd decode(const at::Tensor& sample, const AggregateSettings& agg) {
    const Image img = diffusion::image_from_signed_tensor(sample);
    return {select_channels(img, 0, 3), linear_from_zbuffer(select_channels(img, 3, 1), agg.near, agg.far)};
}

// Views count as neighbours up to 10% beyond the viewset's closest pose spacing (3x9: 0.15 rad;
// ring:N: 2 pi / N).
float neighbour_step(const std::vector<OrbitPose>& poses) {
    float closest = 10.0f;
    for (size_t i = 0; i < poses.size(); ++i)
        for (size_t j = i + 1; j < poses.size(); ++j) {
            float yaw = std::fmod(std::abs(poses[i].yaw - poses[j].yaw), 6.2831853f);
            yaw = std::min(yaw, 6.2831853f - yaw);
            closest = std::min(closest, std::max(yaw, std::abs(poses[i].pitch - poses[j].pitch)));
        }
    return 1.1f * closest;
}

nlohmann::json region_json(const RegionScores& r) {
    return {{"psnr", r.psnr}, {"ssim", r.ssim}, {"depth_absrel", r.depth_abs_rel}};
}

}  // namespace

nlohmann::json ModelEvalReport::to_json() const {
    nlohmann::json doc = {
        {"scenes", scenes},
        {"conditional_views", conditional_views},
        {"views_without_condition", views_without_condition},
        {"disoccluded_fraction", disoccluded_fraction},
        {"seconds", seconds},
        {"model", {{"overall", region_json(model_overall)}, {"disoccluded", region_json(model_disoccluded)},
                   {"visible", {{"psnr", model_visible_psnr}}}}},
        {"baseline", {{"name", "opencv-telea"}, {"overall", region_json(baseline_overall)},
                      {"disoccluded", region_json(baseline_disoccluded)}}}};
    if (generated) {
        nlohmann::json per_pair = nlohmann::json::array();
        for (const PairConsistency& p : generated->per_pair)
            per_pair.push_back({{"source", p.source}, {"target", p.target}, {"depth_absrel", p.depth_abs_rel},
                                {"psnr", std::isfinite(p.psnr) ? nlohmann::json(p.psnr) : nlohmann::json()}});
        doc["consistency"] = {{"viewset", viewset}, {"reproj_depth_absrel", generated->depth_abs_rel},
                              {"reproj_psnr", generated->psnr}, {"pairs", generated->pairs}, {"per_pair", per_pair}};
        if (ground_truth)
            doc["consistency"]["ground_truth"] = {{"reproj_depth_absrel", ground_truth->depth_abs_rel},
                                                  {"reproj_psnr", ground_truth->psnr}};
    }
    return doc;
}

namespace {

void validate(const pipeline::GenerationModels& models, const ModelEvalSettings& settings) {
    if (settings.last_seed < settings.first_seed)
        throw Error::at("ivid eval", "seeds", "A-B with A <= B",
                        std::to_string(settings.first_seed) + "-" + std::to_string(settings.last_seed));
    if (models.num_classes())
        throw Error(models.unconditional.config.file + ": ivid eval measures unconditional RGBD packs (synthetic "
                    "worlds have no classes); this model is class-conditional");
}

// The conditional model against the Telea baseline, one synthetic world per seed: the true first
// view warped to the other 3x9 poses is the condition; the model's and Telea's fills are scored
// against the true views, over the whole view and over the disoccluded pixels.
class ConditionalScoring {
public:
    ConditionalScoring(const pipeline::GenerationModels& models, const ModelEvalSettings& settings)
        : models_(models), settings_(settings), size_(models.image_size()),
          mesh_options_(pipeline::view_mesh_options(settings.aggregation)), poses_(viewset_3x9()) {}

    void score_seed(uint64_t seed, ModelEvalReport& report) {
        const Scene truth = true_scene(seed, size_, settings_.samples_per_pixel, poses_);
        const std::vector<AggregateConditions> conditions = first_view_warped(truth);
        diffusion::SampleRequest request;
        request.shape = {int64_t(conditions.size()), 4, size_, size_};
        pipeline::set_conditional_inputs(request, conditions, settings_.corrections, models_.device);
        diffusion::SeededNoise noise(seed);
        const at::Tensor samples =
            diffusion::sample(models_.conditional.diffusion, settings_.conditional, request, noise).samples.to(at::kCPU);
        for (size_t k = 0; k < conditions.size(); ++k) {
            if (std::none_of(conditions[k].mask.data.begin(), conditions[k].mask.data.end(), [](float v) { return v > 0.5f; })) {
                ++report.views_without_condition;  // nothing of the first view is seen: no baseline
                continue;
            }
            const Fills fills = score_view(conditions[k], samples[long(k)], truth.views[k + 1]);
            ++report.conditional_views;
            // The figure: the first seed, every third pose.
            if (seed == settings_.first_seed && k % 3 == 2) {
                figure_rows_[0].push_back(to_u8_truncate(conditions[k].color));
                figure_rows_[1].push_back(to_u8_truncate(fills.model));
                figure_rows_[2].push_back(to_u8_truncate(fills.baseline));
                figure_rows_[3].push_back(truth.views[k + 1].color);
            }
        }
    }

    void finish(ModelEvalReport& report) const {
        report.model_overall = model_overall_.value();
        report.model_disoccluded = model_disoccluded_.value();
        report.baseline_overall = baseline_overall_.value();
        report.baseline_disoccluded = baseline_disoccluded_.value();
        report.model_visible_psnr = model_visible_.value();
        report.disoccluded_fraction = disoccluded_share_.value();
        if (!settings_.conditional_grid.empty()) write_png(settings_.conditional_grid, image_grid(figure_rows_));
    }

private:
    std::vector<AggregateConditions> first_view_warped(const Scene& truth) const {
        const View& first = truth.views.front();
        const RgbdMesh mesh = depth_to_mesh(first.depth, mesh_options_, first.modelview);
        const Image first_color = from_u8(first.color);
        std::vector<AggregateConditions> conditions;
        for (size_t k = 1; k < poses_.size(); ++k)
            conditions.push_back(aggregate_conditions({mesh}, {first_color}, truth.views[k].modelview, settings_.aggregation));
        return conditions;
    }

    // The colours the model and the baseline filled the view with.
    struct Fills {
        Image model, baseline;
    };

    Fills score_view(const AggregateConditions& c, const at::Tensor& sample, const View& target) {
        const AggregateSettings& agg = settings_.aggregation;
        const Image true_color = from_u8(target.color);
        const Rgbd model = decode(sample, agg);
        const Image known_depth = linear_from_zbuffer(c.depth, agg.near, agg.far);
        const RgbdFill baseline = telea_fill(c.color, c.mask_rgb, known_depth, c.mask);
        const Image disoccluded = complement(c.mask);
        model_overall_.add(model.color, true_color, model.depth, target.depth, nullptr);
        baseline_overall_.add(baseline.color, true_color, baseline.depth, target.depth, nullptr);
        model_disoccluded_.add(model.color, true_color, model.depth, target.depth, &disoccluded);
        baseline_disoccluded_.add(baseline.color, true_color, baseline.depth, target.depth, &disoccluded);
        model_visible_.add(psnr(model.color, c.color, 1.0, &c.mask_rgb));
        Mean share;
        for (float v : disoccluded.data) share.add(v);
        disoccluded_share_.add(share.value());
        return {model.color, baseline.color};
    }

    const pipeline::GenerationModels& models_;
    const ModelEvalSettings& settings_;
    const int size_;
    const MeshOptions mesh_options_;
    const std::vector<OrbitPose> poses_;
    RegionMeans model_overall_, model_disoccluded_, baseline_overall_, baseline_disoccluded_;
    Mean model_visible_, disoccluded_share_;
    // Rows: the condition, the model's view, Telea's, the truth.
    std::vector<std::vector<ImageU8>> figure_rows_ = std::vector<std::vector<ImageU8>>(4);
};

// Whole scenes generated for the seeds (with whole_scenes; else one view each for the grid):
// their reprojection consistency beside the true scenes', and the grid of their first views.
void score_generated_scenes(const pipeline::GenerationModels& models, const ModelEvalSettings& settings,
                            ModelEvalReport& report, const std::function<void(int)>& scene_finished) {
    pipeline::GenerationRequest request;
    request.viewset = pipeline::parse_viewset(settings.viewset);  // checked even when only the grid is made
    report.viewset = settings.viewset;
    if (!settings.whole_scenes) request.viewset = pipeline::parse_viewset("ring:1");
    request.seeds.clear();  // the request's default seed list is {0}
    for (uint64_t seed = settings.first_seed; seed <= settings.last_seed; ++seed) request.seeds.push_back(seed);
    request.unconditional = settings.unconditional;
    request.aggregation = settings.aggregation;
    request.corrections = settings.corrections;
    request.conditional = settings.conditional;
    const std::atomic<bool> never{false};
    int finished_scenes = 0;
    const auto scenes = pipeline::generate_scenes(models, request, [&](const pipeline::GenerationEvent& e) {
        if (e.kind == pipeline::GenerationEventKind::ViewFinished && e.view + 1 == e.views) scene_finished(++finished_scenes);
    }, never);
    if (settings.whole_scenes) {
        const float step = neighbour_step(request.viewset.poses);
        const int size = models.image_size();
        ConsistencyScore generated, reference;
        for (size_t i = 0; i < scenes.size(); ++i) {
            const Scene truth = true_scene(request.seeds[i], size, settings.samples_per_pixel, request.viewset.poses);
            const ConsistencyScore g = view_consistency(scenes[i], step), t = view_consistency(truth, step);
            if (i == 0) generated.per_pair = g.per_pair;
            generated.depth_abs_rel += g.depth_abs_rel / double(scenes.size());
            generated.psnr += g.psnr / double(scenes.size());
            generated.pairs += g.pairs;
            reference.depth_abs_rel += t.depth_abs_rel / double(scenes.size());
            reference.psnr += t.psnr / double(scenes.size());
            reference.pairs += t.pairs;
        }
        report.generated = generated;
        report.ground_truth = reference;
    }
    if (!settings.unconditional_grid.empty()) {
        std::vector<std::vector<ImageU8>> rows(2);
        for (const Scene& s : scenes) {
            rows[0].push_back(s.views.front().color);
            rows[1].push_back(depth_picture(s.views.front().depth, settings.aggregation));
        }
        write_png(settings.unconditional_grid, image_grid(rows));
    }
}

}  // namespace

ModelEvalReport evaluate_models(const pipeline::GenerationModels& models, const ModelEvalSettings& settings,
                                const std::function<void(int, int)>& progress) {
    validate(models, settings);
    const auto start = std::chrono::steady_clock::now();
    const int seeds = int(settings.last_seed - settings.first_seed + 1);
    const int total = settings.whole_scenes ? 2 * seeds : seeds;
    ModelEvalReport report;
    ConditionalScoring conditional(models, settings);
    for (uint64_t seed = settings.first_seed; seed <= settings.last_seed; ++seed) {
        conditional.score_seed(seed, report);
        if (progress) progress(int(seed - settings.first_seed + 1), total);
    }
    report.scenes = seeds;
    conditional.finish(report);
    if (settings.whole_scenes || !settings.unconditional_grid.empty())
        score_generated_scenes(models, settings, report, [&](int finished) {
            if (progress) progress(seeds + finished, total);
        });
    report.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return report;
}

}  // namespace ivid::eval

#include "render/free_view_evaluation.hpp"

#include <numeric>

#include "core/image/metrics.hpp"
#include "core/scene/synth_render.hpp"
#include "core/util/error.hpp"
#include "render/fusion_renderer.hpp"

namespace ivid {
namespace {

double mean(const std::vector<double>& values) {
    return std::accumulate(values.begin(), values.end(), 0.0) / double(values.size());
}

Scene world_viewset(const FreeViewEvaluation& evaluation, uint64_t seed, const std::function<void()>& step) {
    synth::SynthSettings synth;
    synth.seed = seed;
    synth.poses = viewset_3x9();
    synth.image_size = evaluation.size;
    synth.samples_per_pixel = evaluation.spp;
    return synth::render_synthetic_scene(synth, step);
}

}  // namespace

double FrameScores::mean_psnr() const { return mean(psnr); }
double FrameScores::mean_ssim() const { return mean(ssim); }

std::vector<FusionRenderSettings> variant_settings_list(const FreeViewEvaluation& evaluation) {
    std::vector<FusionRenderSettings> list;
    for (const EvalVariant& variant : evaluation.automation.variants) try {
            list.push_back(variant_settings(variant, evaluation.base));
        } catch (const Error& e) {
            throw Error(evaluation.automation.file.string() + ": variant \"" + variant.name + "\": " + e.what());
        }
    return list;
}

int free_view_steps(const FreeViewEvaluation& evaluation) {
    int poses = 0;
    for (const EvalTrajectory& trajectory : evaluation.automation.trajectories)
        poses += int(evaluation_poses(evaluation.automation, trajectory, evaluation.frames).size());
    return int(evaluation.seeds.size()) * (int(viewset_3x9().size()) + poses);
}

FreeViewScores evaluate_free_views(const FreeViewEvaluation& evaluation, const std::function<void()>& step,
                                   const FrameSink& sink) {
    const EvalAutomation& automation = evaluation.automation;
    std::vector<FusionRenderSettings> variants = variant_settings_list(evaluation);
    std::vector<std::vector<OrbitPose>> trajectories;
    for (const EvalTrajectory& trajectory : automation.trajectories)
        trajectories.push_back(evaluation_poses(automation, trajectory, evaluation.frames));
    const auto emit = [&](uint64_t seed, size_t t, size_t i, const std::string& what, const Image& frame) {
        if (sink) sink(seed, automation.trajectories[t].name, i, what, frame);
    };

    FusionRenderer renderer;
    FreeViewScores scores(trajectories.size(), std::vector<FrameScores>(variants.size()));
    const int size = evaluation.frame_size > 0 ? evaluation.frame_size : evaluation.size;
    for (uint64_t seed : evaluation.seeds) {
        const Scene scene = world_viewset(evaluation, seed, step);
        renderer.set_scene(scene, evaluation.meshing(scene));
        for (FusionRenderSettings& settings : variants) settings.fov_deg = scene.fov_deg;
        const synth::SynthWorld world = synth::make_synth_world(seed);
        for (size_t t = 0; t < trajectories.size(); ++t)
            for (size_t i = 0; i < trajectories[t].size(); ++i) {
                const glm::mat4 modelview = orbit_modelview(trajectories[t][i]);
                // A sampling seed of its own, unlike any view's, so jitter never matches by chance.
                const Image truth = from_u8(
                    synth::render_synth_view(world, modelview, size, scene.fov_deg, evaluation.spp, ~(seed * 1000003u + i))
                        .color);
                emit(seed, t, i, "truth", truth);
                for (size_t v = 0; v < variants.size(); ++v) {
                    renderer.render(modelview, size, size, variants[v]);
                    const Image fused = renderer.read_color();
                    emit(seed, t, i, automation.variants[v].name, fused);
                    scores[t][v].psnr.push_back(psnr(fused, truth));
                    scores[t][v].ssim.push_back(ssim(fused, truth));
                }
                step();
            }
    }
    return scores;
}

}  // namespace ivid

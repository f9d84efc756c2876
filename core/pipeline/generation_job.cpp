#include "core/pipeline/generation_job.hpp"

#include "core/diffusion/sampling_run.hpp"
#include "core/pipeline/generation_models.hpp"
#include "core/pipeline/scene_generator.hpp"
#include "core/scene/scene_io.hpp"
#include "core/util/atomic_file.hpp"

namespace fs = std::filesystem;

namespace ivid::pipeline {

fs::path scene_output_dir(const GenerationRequest& request, size_t scene) {
    if (request.seeds.size() == 1) return request.out;
    return request.out / ("seed" + std::to_string(request.seeds.at(scene)));
}

GenerationJob::GenerationJob(GenerationRequest request) : request_(std::move(request)) {
    worker_ = std::thread([this] { run(); });
}

GenerationJob::~GenerationJob() {
    cancel();
    join();
}

void GenerationJob::cancel() { cancel_.store(true); }

std::vector<GenerationEvent> GenerationJob::poll() { return events_.drain(); }

std::vector<GenerationEvent> GenerationJob::wait(std::chrono::milliseconds timeout) {
    return events_.wait_and_drain(timeout);
}

bool GenerationJob::finished() const { return finished_.load(); }

void GenerationJob::join() {
    if (worker_.joinable()) worker_.join();
}

void GenerationJob::run() {
    GenerationEvent last;
    try {
        // An unusable destination fails now, not after the whole run.
        if (!request_.out.empty()) require_writable_destination(request_.out, request_.overwrite);
        std::shared_ptr<const GenerationModels> models = request_.loaded;
        if (!models) models = load_generation_models(request_.models, request_.device);
        GenerationEvent loaded;
        loaded.kind = GenerationEventKind::ModelsLoaded;
        loaded.models = models;
        events_.push(std::move(loaded));

        GenerationFigures figures;
        auto scenes = std::make_shared<std::vector<Scene>>(generate_scenes(
            *models, request_, [this](GenerationEvent e) { events_.push(std::move(e)); }, cancel_, &figures));
        if (cancel_.load()) throw diffusion::SamplingCancelled("generation cancelled before saving");
        if (!request_.out.empty()) {
            if (scenes->size() == 1) {
                save_scene(scenes->front(), request_.out, request_.overwrite);
            } else {
                // All seeds appear together or not at all.
                write_folder_atomically(request_.out, request_.overwrite, [&](const fs::path& tmp) {
                    for (size_t i = 0; i < scenes->size(); ++i)
                        save_scene((*scenes)[i], tmp / scene_output_dir(request_, i).filename(), false);
                });
            }
            GenerationEvent saved;
            saved.kind = GenerationEventKind::Saved;
            saved.message = request_.out.string();
            events_.push(std::move(saved));
        }
        last.kind = GenerationEventKind::Done;
        last.scenes = scenes;
        last.figures = figures;
        last.models = models;
        last.fraction = 1.0;
        last.eta_s = 0.0;
    } catch (const diffusion::SamplingCancelled& e) {
        last.kind = GenerationEventKind::Cancelled;
        last.message = e.what();
    } catch (const std::exception& e) {
        last.kind = GenerationEventKind::Failed;
        last.message = e.what();
    }
    events_.push(std::move(last));
    finished_.store(true);
}

}  // namespace ivid::pipeline

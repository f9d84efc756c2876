#include "app/cli/job_progress.hpp"

#include <string>

#include "core/pipeline/super_resolution.hpp"

namespace ivid::cli {

using namespace ivid::pipeline;

JobProgress::JobProgress(const GenerationRequest& request, size_t scenes, size_t batches, bool quiet)
    : request_(request), scenes_(scenes), batches_(batches), quiet_(quiet) {}

GenerationEvent JobProgress::follow(GenerationJob& job, const InterruptGuard& guard) {
    const int views = int(request_.viewset.poses.size());
    const auto batches = int64_t(batches_);
    GenerationEvent last;
    while (!last.terminal()) {
        if (guard.interrupted().load()) job.cancel();
        for (GenerationEvent& e : job.wait(std::chrono::milliseconds(200))) {
            if (e.kind == GenerationEventKind::ModelsLoaded) {
                models_ = e.models;
                if (!bar_) {
                    const int64_t sr_steps =
                        e.models->super_resolution ? super_resolution_steps(request_.super_resolution, views) * int64_t(scenes_) : 0;
                    bar_.emplace("generate",
                                 batches * (request_.unconditional.steps + (views - 1) * request_.conditional.steps) + sr_steps,
                                 quiet_);
                }
            } else if (e.kind == GenerationEventKind::ViewStarted && bar_) {
                bar_->set_status("seed " + std::to_string(e.seed) + (e.scene_count > 1 ? "+" : "") +
                                 (e.super_resolution ? " upsampling view " : " view ") + std::to_string(e.view + 1) + "/" +
                                 std::to_string(e.views));
            } else if (e.kind == GenerationEventKind::Step && bar_) {
                bar_->step();
            }
            if (e.terminal()) last = std::move(e);
        }
    }
    job.join();
    return last;
}

void JobProgress::finish() {
    if (bar_) bar_->finish();
}

}  // namespace ivid::cli

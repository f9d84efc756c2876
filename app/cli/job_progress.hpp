// Follows a GenerationJob from the command line: a progress bar over its sampler steps (and the
// super-resolution stage), a status naming the seed and view, Ctrl-C turned into cancel().
// `ivid generate` follows one job; a sharded run follows one job per batch of seeds with one bar.
#pragma once

#include <cstdint>
#include <optional>

#include "app/cli/interrupt_guard.hpp"
#include "core/pipeline/generation_job.hpp"
#include "core/util/progress.hpp"

namespace ivid::cli {

class JobProgress {
public:
    // The bar covers `scenes` scenes sampled in `batches` network batches in all (it appears when
    // the models are loaded).
    JobProgress(const pipeline::GenerationRequest& request, size_t scenes, size_t batches, bool quiet);

    // Drains `job`'s events until its terminal event, which it returns. Keeps the networks the
    // job loaded (loaded_models) so the next job can reuse them.
    pipeline::GenerationEvent follow(pipeline::GenerationJob& job, const InterruptGuard& guard);

    std::shared_ptr<const pipeline::GenerationModels> loaded_models() const { return models_; }
    void finish();

private:
    const pipeline::GenerationRequest& request_;
    size_t scenes_, batches_;
    bool quiet_;
    std::optional<ProgressBar> bar_;
    std::shared_ptr<const pipeline::GenerationModels> models_;
};

}  // namespace ivid::cli

// `ivid generate --shard I/N` (or the shard a Slurm job array / Kubernetes Indexed Job names): this
// shard's seeds (core/pipeline/shard_plan.hpp), those already complete skipped, the rest made one
// batch at a time, each scene moved into place as soon as its batch is done, the shard's manifest
// rewritten after each batch. A failed batch is recorded and the next one runs; Ctrl-C keeps the
// finished scenes. Each scene is sampled in a batch of the size a one-machine run gives it, so the
// view files are byte-identical to that run's. With a results folder (results_folder.hpp) every
// scene made gets its images there after it is saved, and a complete scene found missing some
// (a run stopped in between, or one without --results) gets them from its folder.
#pragma once

#include <optional>

#include "core/pipeline/generation_job.hpp"
#include "core/pipeline/shard_plan.hpp"

namespace ivid::cli {

struct ShardRunOptions {
    bool quiet = false, json = false;
    std::optional<int> num_classes;  // the models' class count (classes are assigned over all seeds)
    std::filesystem::path results;   // empty: no results folder
};

// Exit code: 0 all done, 1 some seeds failed (named on stderr and in the manifest), 130 Ctrl-C.
int run_sharded_generation(const pipeline::GenerationRequest& request, const pipeline::ShardSpec& shard,
                           const ShardRunOptions& options);

}  // namespace ivid::cli

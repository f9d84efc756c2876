// `ivid train`: IVID's training loop for one model (its BasicTrainer / InpaintTrainer): AdamW,
// EMA weights, gradient-norm clipping, epsilon-prediction MSE at uniformly drawn timesteps, class
// dropout for classifier-free guidance, periodic checkpoints, sample grids and a loss log; it
// resumes exactly where the last checkpoint left off. Data-parallel over several processes (and
// machines) when its launch says so: each rank trains its slice of the global batch
// (batch_size_per_gpu x ranks, as IVID), gradients are averaged with c10d, rank 0 alone writes
// the run folder.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

#include "core/train/distributed_launch.hpp"
#include "core/train/training_config.hpp"

namespace ivid::train {

struct TrainingRun {
    ModelRole role = ModelRole::Unconditional;
    std::filesystem::path data, config, out;
    bool resume = false;
    std::string device = "cpu";
    int threads = 0;                            // 0: every core this process may use (usable_cores)
    std::optional<int64_t> stop_after_steps;    // this invocation only (sessions, tests)
    std::optional<double> stop_after_minutes;   // this invocation only
    DistributedLaunch launch;                   // single process unless it says otherwise
    // Data-parallel runs: how long a collective may wait for the slowest rank before the run stops
    // naming it. Must exceed what rank 0 alone spends on a checkpoint or a sample grid.
    std::chrono::seconds collective_timeout{600};
};

struct TrainingEvents {
    std::function<void(const std::string&)> on_message;
    std::function<void(size_t done, size_t total)> on_loading;
    // After every step: step (1-based), max_steps, loss of the step, images per second.
    std::function<void(int64_t, int64_t, double, double)> on_step;
    // E.g. Ctrl-C: checkpoint, then return. In a data-parallel run a stop requested on any rank
    // stops every rank after the same step.
    const std::atomic<bool>* stop = nullptr;
};

struct TrainingSummary {
    int64_t first_step = 0;       // first step trained in this invocation
    int64_t last_step = 0;        // last completed (and checkpointed) step
    int64_t max_steps = 0;
    bool finished = false;        // reached max_steps
    double seconds = 0.0;         // this invocation, training steps only
    double train_seconds = 0.0;   // all invocations
    double cpu_seconds = 0.0;     // CPU time of the training process, all invocations
    int64_t images_seen = 0;
    double last_loss = 0.0;       // mean over the last log interval
    std::filesystem::path checkpoint;  // latest EMA checkpoint (first rate)
    int world_size = 1;           // ranks that trained in this invocation
    bool interrupted = false;     // stopped because a stop was requested (on any rank)
};

// Errors name the file or value at fault: a bad config or dataset, an existing run without
// --resume, a resume whose config or dataset does not match, a non-finite loss (training stops;
// the last good checkpoint stays and is named), a checkpoint that cannot be written; in a
// data-parallel run also a rank that failed, died or hung (named), or ranks whose weights diverged.
TrainingSummary run_training(const TrainingRun& run, const TrainingEvents& events = {});

}  // namespace ivid::train

// The ranks of one data-parallel training run, connected with PyTorch's collective layer c10d:
// rendezvous through a TCPStore hosted by rank 0, collectives over ProcessGroupGloo (CPU) or
// ProcessGroupNCCL (CUDA builds of LibTorch). Every collective that fails (a rank died, hung past
// the timeout, or stopped with an error) becomes an Error naming the rank at fault as far as the
// store can tell: ranks publish their step, a heartbeat, and, when they stop on an error, its message.
#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <ATen/ATen.h>

#include "core/train/distributed_launch.hpp"

namespace ivid::train {

class TrainingGroup {
public:
    // Blocks until every rank has joined (or `timeout` passes: Error naming the address).
    // The same timeout bounds every collective: a rank that hangs longer stops the run.
    TrainingGroup(const DistributedLaunch& launch, std::chrono::milliseconds timeout, bool cuda);
    ~TrainingGroup();
    TrainingGroup(const TrainingGroup&) = delete;
    TrainingGroup& operator=(const TrainingGroup&) = delete;

    int rank() const { return launch_.rank; }
    int size() const { return launch_.world_size; }
    bool leader() const { return launch_.rank == 0; }

    // Rank 0's tensors, in place, on every rank (same shapes everywhere).
    void broadcast(std::vector<at::Tensor> tensors, const std::string& what);
    // Rank 0's bytes on every rank (e.g. a serialized optimizer state).
    std::string broadcast_bytes(const std::string& bytes, const std::string& what);
    // Per-rank values summed over the ranks (loss, stop requests, CPU seconds).
    std::vector<double> sum(const std::vector<double>& values, int64_t step);
    // Replaces every parameter's gradient by its mean over the ranks: gradients are flattened into
    // buckets of about `bucket_bytes` (PyTorch DDP's 25 MB), all buckets reduced concurrently.
    // A parameter without a gradient counts as a zero gradient.
    void average_gradients(const std::vector<at::Tensor>& params, int64_t step);
    // Error naming the ranks whose weights differ bit for bit from rank 0's.
    void check_same_weights(const std::vector<at::Tensor>& params, int64_t step);
    void barrier(int64_t step);
    // Tells the other ranks why this one stops (they name it in their own error).
    void report_failure(const std::string& message) noexcept;
    // What the store says about the other ranks: the errors they reported, else which ones stopped
    // responding (killed or hung: their heartbeat stopped, watched for a few seconds) or are alive
    // but behind `step`, else that rank 0 and its store are gone.
    std::string why_others_stopped(int64_t step);

    static constexpr int64_t bucket_bytes = 25 << 20;

private:
    void publish_step(int64_t step);
    std::vector<std::string> reported_failures();
    std::vector<std::string> unresponsive_or_behind(int64_t step);
    [[noreturn]] void fail(const std::string& what, int64_t step, const std::exception& cause);

    struct Backend;
    DistributedLaunch launch_;
    std::unique_ptr<Backend> backend_;
};

}  // namespace ivid::train

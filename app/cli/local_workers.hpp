// `ivid train --nproc-per-node N`: this process becomes a launcher, as torchrun is. It starts N
// copies of `ivid train` (the same arguments minus the launch flags), each with torchrun's
// environment for its rank, passes Ctrl-C and SIGTERM on to them, and waits. When a worker fails,
// the others notice the missing rank in their next collective and stop; any still running after a
// grace period are terminated, so the launcher never waits forever.
#pragma once

#include <chrono>
#include <string>
#include <vector>

#include "app/cli/interrupt_guard.hpp"
#include "core/train/distributed_launch.hpp"

namespace ivid::cli {

// The arguments of `ivid train` without the launcher's own flags (--nproc-per-node, ...).
std::vector<std::string> worker_arguments(const std::vector<std::string>& train_args);

// Runs the workers to completion. Returns the exit status for the launcher: 0 when all succeeded,
// else the first failing worker's status (130 / 143 when they were interrupted).
int run_local_workers(const std::vector<std::string>& train_args, const train::LaunchFlags& flags,
                      const InterruptGuard& guard, std::chrono::seconds grace);

}  // namespace ivid::cli

// Ctrl-C for long CLI work: while a guard lives, SIGINT and SIGTERM (what `kill`, Slurm's
// scancel and Kubernetes send first) only set a flag that the work checks between steps, so it
// can stop cleanly (remove temporary outputs, write a checkpoint).
#pragma once

#include <atomic>
#include <csignal>

namespace ivid::cli {

class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    // Set once Ctrl-C was pressed or SIGTERM arrived.
    const std::atomic<bool>& interrupted() const;
    // The shell's exit status for the signal that arrived: 130 for Ctrl-C, 143 for SIGTERM.
    int exit_code() const;

private:
    struct sigaction previous_int_ {}, previous_term_ {};
};

}  // namespace ivid::cli

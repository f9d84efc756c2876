// Ctrl-C for long CLI work: while a guard lives, SIGINT only sets a flag that the work checks
// between steps, so it can stop cleanly (remove temporary outputs, write a checkpoint).
#pragma once

#include <atomic>

namespace ivid::cli {

class InterruptGuard {
public:
    InterruptGuard();
    ~InterruptGuard();
    InterruptGuard(const InterruptGuard&) = delete;
    InterruptGuard& operator=(const InterruptGuard&) = delete;

    // Set once Ctrl-C was pressed.
    const std::atomic<bool>& interrupted() const;

private:
    void (*previous_)(int);
};

}  // namespace ivid::cli

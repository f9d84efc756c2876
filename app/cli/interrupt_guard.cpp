#include "app/cli/interrupt_guard.hpp"

#include <csignal>

namespace ivid::cli {
namespace {

std::atomic<bool> interrupted_flag{false};

}  // namespace

InterruptGuard::InterruptGuard() : previous_(std::signal(SIGINT, [](int) { interrupted_flag = true; })) {
    interrupted_flag = false;
}

InterruptGuard::~InterruptGuard() { std::signal(SIGINT, previous_); }

const std::atomic<bool>& InterruptGuard::interrupted() const { return interrupted_flag; }

}  // namespace ivid::cli

#include "app/cli/interrupt_guard.hpp"

namespace ivid::cli {
namespace {

std::atomic<bool> interrupted_flag{false};
std::atomic<int> last_signal{0};

void set_flag(int signal) {
    last_signal = signal;
    interrupted_flag = true;
}

}  // namespace

InterruptGuard::InterruptGuard() {
    interrupted_flag = false;
    last_signal = 0;
    struct sigaction action {};
    action.sa_handler = set_flag;
    sigemptyset(&action.sa_mask);
    // No SA_RESTART: a blocking read or wait returns EINTR, so the work notices the flag.
    sigaction(SIGINT, &action, &previous_int_);
    sigaction(SIGTERM, &action, &previous_term_);
}

InterruptGuard::~InterruptGuard() {
    sigaction(SIGINT, &previous_int_, nullptr);
    sigaction(SIGTERM, &previous_term_, nullptr);
}

const std::atomic<bool>& InterruptGuard::interrupted() const { return interrupted_flag; }

int InterruptGuard::exit_code() const { return 128 + (last_signal ? last_signal.load() : SIGINT); }

}  // namespace ivid::cli

#include "app/cli/local_workers.hpp"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <optional>
#include <thread>

#include <sys/wait.h>
#include <unistd.h>

#include "core/util/error.hpp"

namespace ivid::cli {
namespace {

const std::vector<std::string> kLaunchFlags = {"--nproc-per-node", "--num-nodes", "--node-rank", "--master-addr",
                                               "--master-port"};

struct Worker {
    pid_t pid = 0;
    int rank = 0;
    bool running = true;
    int status = 0;  // shell-style exit status once it ended
    int ended = 0;   // order of ending: the first failure is the cause, later ones its effect
};

int shell_status(int wait_status) {
    if (WIFEXITED(wait_status)) return WEXITSTATUS(wait_status);
    if (WIFSIGNALED(wait_status)) return 128 + WTERMSIG(wait_status);
    return 1;
}

// In the child: torchrun's variables for this rank, then the same program.
[[noreturn]] void exec_worker(const std::vector<std::string>& args, const train::DistributedLaunch& launch) {
    setenv("RANK", std::to_string(launch.rank).c_str(), 1);
    setenv("WORLD_SIZE", std::to_string(launch.world_size).c_str(), 1);
    setenv("LOCAL_RANK", std::to_string(launch.local_rank).c_str(), 1);
    setenv("LOCAL_WORLD_SIZE", std::to_string(launch.local_world_size).c_str(), 1);
    setenv("MASTER_ADDR", launch.master_addr.c_str(), 1);
    setenv("MASTER_PORT", std::to_string(launch.master_port).c_str(), 1);
    std::vector<char*> argv;
    for (const auto& a : args) argv.push_back(const_cast<char*>(a.c_str()));
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    std::fprintf(stderr, "ivid train: could not start worker %d: %s\n", launch.rank, std::strerror(errno));
    _exit(127);
}

void signal_running(std::vector<Worker>& workers, int signal) {
    for (auto& w : workers)
        if (w.running) kill(w.pid, signal);
}

// Collects the workers that ended (numbering them by `ended`); true while any is running.
bool reap(std::vector<Worker>& workers, int& ended) {
    bool any_running = false;
    for (auto& w : workers) {
        if (!w.running) continue;
        int status = 0;
        const pid_t done = waitpid(w.pid, &status, WNOHANG);
        if (done == w.pid) {
            w.running = false;
            w.status = shell_status(status);
            w.ended = ++ended;
        } else {
            any_running = true;
        }
    }
    return any_running;
}

// The worker whose failure came first (an interruption only when nothing else failed).
const Worker* first_failure(const std::vector<Worker>& workers) {
    const Worker *failed = nullptr, *interrupted = nullptr;
    const auto earlier = [](const Worker* best, const Worker& w) { return !best || w.ended < best->ended; };
    for (const auto& w : workers) {
        if (w.running || w.status == 0) continue;
        const bool was_interrupted = w.status == 130 || w.status == 143;
        if (!was_interrupted && earlier(failed, w)) failed = &w;
        if (was_interrupted && earlier(interrupted, w)) interrupted = &w;
    }
    return failed ? failed : interrupted;
}

}  // namespace

std::vector<std::string> worker_arguments(const std::vector<std::string>& train_args) {
    std::vector<std::string> kept;
    for (size_t i = 0; i < train_args.size(); ++i) {
        const std::string& a = train_args[i];
        bool launch_flag = false;
        for (const auto& flag : kLaunchFlags) {
            if (a == flag) {
                launch_flag = true;
                ++i;  // and its value
            } else if (a.rfind(flag + "=", 0) == 0) {
                launch_flag = true;
            }
        }
        if (!launch_flag) kept.push_back(a);
    }
    return kept;
}

int run_local_workers(const std::vector<std::string>& train_args, const train::LaunchFlags& flags,
                      const InterruptGuard& guard, std::chrono::seconds grace) {
    std::vector<std::string> args = {std::filesystem::read_symlink("/proc/self/exe").string(), "train"};
    for (const auto& a : worker_arguments(train_args)) args.push_back(a);
    std::vector<Worker> workers;
    std::fflush(nullptr);
    for (int local = 0; local < *flags.nproc_per_node; ++local) {
        const train::DistributedLaunch launch = train::local_worker_launch(flags, local);
        const pid_t pid = fork();
        if (pid < 0) {
            signal_running(workers, SIGTERM);
            throw Error(std::string("could not start worker processes: ") + std::strerror(errno));
        }
        if (pid == 0) exec_worker(args, launch);
        workers.push_back({pid, launch.rank});
    }

    using Clock = std::chrono::steady_clock;
    bool forwarded = false;
    std::optional<Clock::time_point> failed_at;
    int escalation = 0;  // 0: waiting; 1: SIGTERM sent; 2: SIGKILL sent
    int ended = 0;
    while (reap(workers, ended)) {
        if (guard.interrupted() && !forwarded) {  // Ctrl-C at a terminal reaches them too; kill/scancel may not
            signal_running(workers, guard.exit_code() - 128);
            forwarded = true;
        }
        const Worker* failed = first_failure(workers);
        if (failed && failed->status != 130 && failed->status != 143 && !failed_at) failed_at = Clock::now();
        if (failed_at && escalation < 2 && Clock::now() - *failed_at > grace * (escalation + 1)) {
            std::fprintf(stderr, "ivid train: rank %d failed; %s the workers still running\n", failed->rank,
                         escalation == 0 ? "terminating" : "killing");
            signal_running(workers, escalation == 0 ? SIGTERM : SIGKILL);
            ++escalation;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    const Worker* failed = first_failure(workers);
    if (!failed) return 0;
    if (failed->status != 130 && failed->status != 143)
        std::fprintf(stderr, "ivid train: rank %d exited with status %d\n", failed->rank, failed->status);
    return failed->status;
}

}  // namespace ivid::cli

// Data-parallel training's pieces that need no second process: where a process sits in the run
// (IVID's flags, torchrun's and Slurm's environments) and the c10d group's checks, with ranks as
// threads of this process on loopback. The end-to-end runs are in tests/cli/test_train_distributed.sh.
#include <map>
#include <thread>

#include <sys/socket.h>
#include <netinet/in.h>
#include <unistd.h>

#include <ATen/ATen.h>

#include "core/train/distributed_launch.hpp"
#include "core/train/training_group.hpp"
#include "tests/test_support.hpp"

#include <doctest/doctest.h>  // after the torch-side headers: glog's CHECK would replace doctest's

using namespace ivid;
using ivid::test::contains;
using ivid::test::message_of;

namespace {

train::EnvironmentLookup env_of(const std::map<std::string, std::string>& vars) {
    return [vars](const char* name) -> const char* {
        const auto it = vars.find(name);
        return it == vars.end() ? nullptr : it->second.c_str();
    };
}

int free_port() {
    const int fd = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
    socklen_t size = sizeof addr;
    getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &size);
    close(fd);
    return ntohs(addr.sin_port);
}

// Runs body(group) on `ranks` threads joined into one group; returns each rank's error message.
std::vector<std::string> on_ranks(int ranks, const std::function<void(train::TrainingGroup&)>& body) {
    const int port = free_port();
    std::vector<std::string> errors(static_cast<size_t>(ranks), std::string());
    std::vector<std::thread> threads;
    for (int r = 0; r < ranks; ++r)
        threads.emplace_back([&, r] {
            train::DistributedLaunch launch;
            launch.rank = r;
            launch.world_size = ranks;
            launch.master_port = port;
            errors[size_t(r)] = message_of([&] {
                train::TrainingGroup group(launch, std::chrono::seconds(20), false);
                body(group);
            });
        });
    for (auto& t : threads) t.join();
    return errors;
}

}  // namespace

TEST_CASE("a single process unless a launch convention says otherwise") {
    const auto launch = train::resolve_launch({}, env_of({{"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "4"}}));
    CHECK_FALSE(launch.distributed());  // a Slurm batch script, not an srun step
    CHECK(train::resolve_launch({}, env_of({})).world_size == 1);
}

TEST_CASE("torchrun's environment") {
    const auto launch = train::resolve_launch({}, env_of({{"RANK", "3"}, {"WORLD_SIZE", "8"}, {"LOCAL_RANK", "1"},
                                                         {"LOCAL_WORLD_SIZE", "2"}, {"MASTER_ADDR", "node7"},
                                                         {"MASTER_PORT", "1234"}}));
    CHECK(launch.rank == 3);
    CHECK(launch.world_size == 8);
    CHECK(launch.local_rank == 1);
    CHECK(launch.local_world_size == 2);
    CHECK(launch.master_addr == "node7");
    CHECK(launch.master_port == 1234);
    CHECK(contains(message_of([] { train::resolve_launch({}, env_of({{"RANK", "8"}, {"WORLD_SIZE", "8"}})); }),
                   "rank 8 is not below the world size 8"));
    CHECK(contains(message_of([] { train::resolve_launch({}, env_of({{"RANK", "0"}, {"WORLD_SIZE", "2x"}})); }),
                   "WORLD_SIZE: expected an integer, found \"2x\""));
    CHECK(contains(message_of([] { train::resolve_launch({}, env_of({{"WORLD_SIZE", "2"}})); }), "RANK is not set"));
    CHECK(contains(message_of([] { train::resolve_launch({}, env_of({{"RANK", "0"}, {"WORLD_SIZE", "2"}, {"MASTER_PORT", "0"}})); }),
                   "MASTER_PORT: expected 1..65535, found 0"));
}

TEST_CASE("Slurm's environment inside srun: the master is the step's first node, the port per job") {
    const auto launch = train::resolve_launch(
        {}, env_of({{"SLURM_STEP_ID", "0"}, {"SLURM_PROCID", "5"}, {"SLURM_NTASKS", "8"}, {"SLURM_LOCALID", "1"},
                    {"SLURM_NTASKS_PER_NODE", "4"}, {"SLURM_STEP_NODELIST", "gpu[07-08]"}, {"SLURM_JOB_ID", "123456"}}));
    CHECK(launch.rank == 5);
    CHECK(launch.world_size == 8);
    CHECK(launch.local_rank == 1);
    CHECK(launch.local_world_size == 4);
    CHECK(launch.master_addr == "gpu07");
    CHECK(launch.master_port == 29500 + 456);
    // torchrun inside an allocation wins over Slurm's variables.
    CHECK(train::resolve_launch({}, env_of({{"SLURM_STEP_ID", "0"}, {"SLURM_PROCID", "5"}, {"SLURM_NTASKS", "8"},
                                            {"RANK", "1"}, {"WORLD_SIZE", "2"}}))
              .world_size == 2);
    CHECK(contains(message_of([] {
                       train::resolve_launch({}, env_of({{"SLURM_STEP_ID", "0"}, {"SLURM_PROCID", "0"}, {"SLURM_NTASKS", "2"}}));
                   }),
                   "SLURM_STEP_NODELIST"));
}

TEST_CASE("Slurm node lists: the first host") {
    CHECK(train::first_slurm_host("node1") == "node1");
    CHECK(train::first_slurm_host("gpu[07-09,12],cpu3") == "gpu07");
    CHECK(train::first_slurm_host("a[3,5-6]-ib") == "a3-ib");
    CHECK(train::first_slurm_host("cpu3,gpu[1-2]") == "cpu3");
    CHECK(contains(message_of([] { train::first_slurm_host("gpu[1-2"); }), "unbalanced"));
}

TEST_CASE("IVID's flags: ranks are node_rank x nproc_per_node + local rank") {
    train::LaunchFlags flags;
    flags.num_nodes = 2;
    flags.node_rank = 1;
    flags.nproc_per_node = 4;
    flags.master_addr = "head";
    const auto worker = train::local_worker_launch(flags, 2);
    CHECK(worker.rank == 6);
    CHECK(worker.world_size == 8);
    CHECK(worker.local_rank == 2);
    CHECK(worker.master_addr == "head");
    // With several per node this process is the launcher, not a rank.
    CHECK(contains(message_of([&] { train::resolve_launch(flags, env_of({})); }), "launcher"));
    flags.nproc_per_node = 1;
    CHECK(train::resolve_launch(flags, env_of({{"RANK", "0"}, {"WORLD_SIZE", "5"}})).world_size == 2);  // flags win
    flags.node_rank = 2;
    CHECK(contains(message_of([&] { train::resolve_launch(flags, env_of({})); }), "--node-rank: expected 0..1"));
}

TEST_CASE("ranks share rank 0's tensors and bytes, sum values, and average gradients") {
    const auto errors = on_ranks(2, [](train::TrainingGroup& group) {
        at::Tensor t = at::full({3}, double(group.rank() + 1), at::kFloat);
        group.broadcast({t}, "a test tensor");
        CHECK(at::equal(t, at::full({3}, 1.0, at::kFloat)));
        CHECK(group.broadcast_bytes(group.leader() ? std::string("state\0bytes", 11) : "", "bytes") ==
              std::string("state\0bytes", 11));
        CHECK(group.sum({1.0, double(group.rank())}, 1) == std::vector<double>{2.0, 1.0});
        // Two parameters; the gradient of rank r is r+1 (and none on the second: zero).
        at::Tensor a = at::zeros({4}, at::kFloat).requires_grad_(true), b = at::zeros({2}, at::kFloat).requires_grad_(true);
        a.mutable_grad() = at::full({4}, double(group.rank() + 1), at::kFloat);
        group.average_gradients({a, b}, 1);
        CHECK(at::equal(a.grad(), at::full({4}, 1.5, at::kFloat)));
        CHECK(at::equal(b.grad(), at::zeros({2}, at::kFloat)));
        group.check_same_weights({a, b}, 1);
        group.barrier(1);
    });
    CHECK(errors[0] == "");
    CHECK(errors[1] == "");
}

TEST_CASE("ranks whose weights differ stop every rank, naming them") {
    const auto errors = on_ranks(3, [](train::TrainingGroup& group) {
        // Rank 2 differs in the last bit of one weight; swapped weights differ too (position-weighted sum).
        at::Tensor w = at::tensor({1.0f, 2.0f, 3.0f});
        if (group.rank() == 2) w[1] = std::nextafter(2.0f, 3.0f);
        if (group.rank() == 1) w = at::tensor({2.0f, 1.0f, 3.0f});
        group.check_same_weights({w}, 7);
    });
    for (const auto& e : errors) {
        CAPTURE(e);
        CHECK(contains(e, "at step 7 the weights of rank(s) 1, 2 differ from rank 0's"));
    }
}

TEST_CASE("a rank that reports a failure is named by the others") {
    const auto errors = on_ranks(2, [](train::TrainingGroup& group) {
        if (group.rank() == 1) {
            group.report_failure("disk full on node 2");
            group.barrier(3);
            return;
        }
        group.barrier(3);  // both arrive: now ask what rank 1 said
        CHECK(contains(group.why_others_stopped(3), "rank 1 stopped: disk full on node 2"));
    });
    CHECK(errors[0] == "");
}

TEST_CASE("a rank alone gives up on the rendezvous after the timeout, naming the address") {
    train::DistributedLaunch launch;
    launch.rank = 1;
    launch.world_size = 2;
    launch.master_port = free_port();
    const std::string message = message_of([&] { train::TrainingGroup group(launch, std::chrono::seconds(1), false); });
    CHECK(contains(message, "rank 1: could not join the rendezvous at 127.0.0.1:" + std::to_string(launch.master_port) +
                                " within 1 s"));
}

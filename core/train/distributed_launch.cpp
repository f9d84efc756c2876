#include "core/train/distributed_launch.hpp"

#include <cerrno>
#include <cstdint>
#include <cstdlib>

#include "core/util/error.hpp"

namespace ivid::train {
namespace {

constexpr int kMaxWorldSize = 65536;

// A whole decimal integer in [low, high]; `name` (a variable or flag) is named otherwise.
int parse_int(const std::string& text, const std::string& name, long low, long high) {
    errno = 0;
    char* end = nullptr;
    const long value = std::strtol(text.c_str(), &end, 10);
    if (text.empty() || *end != '\0' || errno == ERANGE)
        throw Error(name + ": expected an integer, found \"" + text + "\"");
    if (value < low || value > high)
        throw Error(name + ": expected " + std::to_string(low) + ".." + std::to_string(high) + ", found " + text);
    return int(value);
}

std::optional<std::string> lookup(const EnvironmentLookup& env, const char* name) {
    const char* value = env(name);
    if (value == nullptr) return std::nullopt;
    return std::string(value);
}

int env_int(const EnvironmentLookup& env, const char* name, long low, long high) {
    return parse_int(*lookup(env, name), name, low, high);
}

void check_rank(const DistributedLaunch& launch, const std::string& rank_name) {
    if (launch.rank >= launch.world_size)
        throw Error(rank_name + ": rank " + std::to_string(launch.rank) + " is not below the world size " +
                    std::to_string(launch.world_size) + " (" + launch.source + ")");
    if (launch.master_addr.empty()) throw Error(launch.source + ": the master address is empty");
}

// torchrun (and anything that mimics it: Kubeflow's PyTorchJob sets the same variables).
DistributedLaunch from_torchrun(const EnvironmentLookup& env) {
    DistributedLaunch launch;
    launch.source = "torchrun environment (RANK, WORLD_SIZE)";
    launch.world_size = env_int(env, "WORLD_SIZE", 1, kMaxWorldSize);
    launch.rank = env_int(env, "RANK", 0, kMaxWorldSize - 1);
    if (lookup(env, "LOCAL_RANK")) launch.local_rank = env_int(env, "LOCAL_RANK", 0, kMaxWorldSize - 1);
    if (lookup(env, "LOCAL_WORLD_SIZE")) launch.local_world_size = env_int(env, "LOCAL_WORLD_SIZE", 1, kMaxWorldSize);
    if (auto addr = lookup(env, "MASTER_ADDR")) launch.master_addr = *addr;
    if (lookup(env, "MASTER_PORT")) launch.master_port = env_int(env, "MASTER_PORT", 1, 65535);
    check_rank(launch, "RANK");
    return launch;
}

// One task per rank inside `srun` (SLURM_STEP_ID is set only in a job step, not in the batch
// script itself, whose SLURM_NTASKS would otherwise make a lone `ivid train` wait for peers).
DistributedLaunch from_slurm(const EnvironmentLookup& env) {
    DistributedLaunch launch;
    launch.source = "Slurm environment (SLURM_PROCID, SLURM_NTASKS)";
    launch.world_size = env_int(env, "SLURM_NTASKS", 1, kMaxWorldSize);
    launch.rank = env_int(env, "SLURM_PROCID", 0, kMaxWorldSize - 1);
    if (lookup(env, "SLURM_LOCALID")) launch.local_rank = env_int(env, "SLURM_LOCALID", 0, kMaxWorldSize - 1);
    // "4", or "4(x2)" for uneven nodes, where only SLURM_LOCALID is meaningful.
    if (auto n = lookup(env, "SLURM_NTASKS_PER_NODE"); n && n->find_first_not_of("0123456789") == std::string::npos)
        launch.local_world_size = env_int(env, "SLURM_NTASKS_PER_NODE", 1, kMaxWorldSize);
    if (auto addr = lookup(env, "MASTER_ADDR")) {
        launch.master_addr = *addr;
    } else {
        const auto nodes = lookup(env, "SLURM_STEP_NODELIST") ? lookup(env, "SLURM_STEP_NODELIST") : lookup(env, "SLURM_JOB_NODELIST");
        if (!nodes) throw Error("Slurm environment: neither MASTER_ADDR nor SLURM_STEP_NODELIST / SLURM_JOB_NODELIST is set");
        launch.master_addr = first_slurm_host(*nodes);
    }
    if (lookup(env, "MASTER_PORT"))
        launch.master_port = env_int(env, "MASTER_PORT", 1, 65535);
    else if (lookup(env, "SLURM_JOB_ID"))  // one port per job, so two jobs sharing a node do not collide
        launch.master_port = 29500 + env_int(env, "SLURM_JOB_ID", 0, 2147483647) % 1000;
    check_rank(launch, "SLURM_PROCID");
    return launch;
}

DistributedLaunch from_flags(const LaunchFlags& flags, int local_rank) {
    DistributedLaunch launch;
    launch.source = "--num-nodes/--node-rank/--nproc-per-node flags";
    const int nodes = flags.num_nodes.value_or(1), per_node = flags.nproc_per_node.value_or(1);
    if (nodes < 1 || nodes > kMaxWorldSize) throw Error("--num-nodes: expected 1.." + std::to_string(kMaxWorldSize) + ", found " + std::to_string(nodes));
    if (per_node < 1 || per_node > 1024) throw Error("--nproc-per-node: expected 1..1024, found " + std::to_string(per_node));
    const int node = flags.node_rank.value_or(0);
    if (node < 0 || node >= nodes)
        throw Error("--node-rank: expected 0.." + std::to_string(nodes - 1) + " (--num-nodes " + std::to_string(nodes) +
                    "), found " + std::to_string(node));
    if (int64_t(nodes) * per_node > kMaxWorldSize) throw Error("--num-nodes x --nproc-per-node: more than " + std::to_string(kMaxWorldSize) + " ranks");
    launch.world_size = nodes * per_node;
    launch.local_world_size = per_node;
    launch.local_rank = local_rank;
    launch.rank = node * per_node + local_rank;
    if (flags.master_addr) launch.master_addr = *flags.master_addr;
    if (flags.master_port) {
        if (*flags.master_port < 1 || *flags.master_port > 65535)
            throw Error("--master-port: expected 1..65535, found " + std::to_string(*flags.master_port));
        launch.master_port = *flags.master_port;
    }
    check_rank(launch, "--node-rank");
    return launch;
}

}  // namespace

DistributedLaunch resolve_launch(const LaunchFlags& flags, const EnvironmentLookup& env) {
    if (flags.any()) {
        if (flags.nproc_per_node.value_or(1) > 1)
            throw Error("--nproc-per-node " + std::to_string(*flags.nproc_per_node) +
                        ": this process is a launcher; its workers are started with torchrun's environment");
        return from_flags(flags, 0);
    }
    if (lookup(env, "RANK") || lookup(env, "WORLD_SIZE")) {
        if (!lookup(env, "RANK") || !lookup(env, "WORLD_SIZE"))
            throw Error(std::string(lookup(env, "RANK") ? "WORLD_SIZE" : "RANK") +
                        " is not set, but " + (lookup(env, "RANK") ? "RANK" : "WORLD_SIZE") +
                        " is (torchrun sets both)");
        return from_torchrun(env);
    }
    if (lookup(env, "SLURM_STEP_ID") && lookup(env, "SLURM_PROCID") && lookup(env, "SLURM_NTASKS"))
        return from_slurm(env);
    return {};
}

DistributedLaunch local_worker_launch(const LaunchFlags& flags, int local_rank) {
    return from_flags(flags, local_rank);
}

std::string first_slurm_host(const std::string& node_list) {
    // The first entry ends at a comma outside brackets; a bracket holds ranges "07-09" or lists.
    std::string first;
    int depth = 0;
    for (char c : node_list) {
        if (c == ',' && depth == 0) break;
        if (c == '[') ++depth;
        if (c == ']') --depth;
        first += c;
    }
    const size_t open = first.find('[');
    if (open == std::string::npos) {
        if (first.empty()) throw Error("Slurm node list \"" + node_list + "\" is empty");
        return first;
    }
    const size_t close = first.find(']', open);
    if (close == std::string::npos) throw Error("Slurm node list \"" + node_list + "\": unbalanced '['");
    std::string range = first.substr(open + 1, close - open - 1);
    range = range.substr(0, range.find(','));       // first element of the list
    range = range.substr(0, range.find('-'));       // first number of a range (keeps zero padding)
    if (range.empty()) throw Error("Slurm node list \"" + node_list + "\": empty range");
    return first.substr(0, open) + range + first.substr(close + 1);
}

}  // namespace ivid::train

// Where this process sits in a data-parallel training run: its rank, the world size and the
// rendezvous address. Read from the conventions users already launch with, in this order:
//   1. IVID's flags (--num-nodes --node-rank --nproc-per-node --master-addr --master-port),
//   2. torchrun's environment (RANK, WORLD_SIZE, LOCAL_RANK, MASTER_ADDR, MASTER_PORT),
//   3. Slurm's, inside an `srun` step (SLURM_PROCID, SLURM_NTASKS, SLURM_LOCALID; the master is
//      the first host of SLURM_STEP_NODELIST, the port MASTER_PORT or 29500 + job id % 1000),
// else a single process. No LibTorch here: the launcher that spawns local workers uses it too.
#pragma once

#include <functional>
#include <optional>
#include <string>

namespace ivid::train {

struct DistributedLaunch {
    int rank = 0;
    int world_size = 1;
    int local_rank = 0;                   // rank within its node
    int local_world_size = 1;             // ranks on this node
    std::string master_addr = "127.0.0.1";
    int master_port = 29500;              // torchrun's default
    std::string source = "single process";  // which convention set it, for messages
    bool distributed() const { return world_size > 1; }
};

// IVID's train.py flags; unset ones take the environment's or the defaults.
struct LaunchFlags {
    std::optional<int> num_nodes, node_rank, nproc_per_node, master_port;
    std::optional<std::string> master_addr;
    bool any() const { return num_nodes || node_rank || nproc_per_node || master_port || master_addr; }
};

using EnvironmentLookup = std::function<const char*(const char*)>;  // getenv, or a test's map

// The launch of this process (a worker, not a launcher: with --nproc-per-node > 1 the caller
// spawns workers, each given torchrun's variables). Error naming the variable or flag when a
// value is not an integer, out of range, or inconsistent (rank >= world size).
DistributedLaunch resolve_launch(const LaunchFlags& flags, const EnvironmentLookup& env);

// Local worker `local_rank` of the flags.nproc_per_node workers this node starts (what torchrun
// does): rank node_rank * nproc_per_node + local_rank of num_nodes * nproc_per_node.
DistributedLaunch local_worker_launch(const LaunchFlags& flags, int local_rank);

// The first host of a Slurm node list: "gpu[07-09,12],cpu3" -> "gpu07".
std::string first_slurm_host(const std::string& node_list);

}  // namespace ivid::train

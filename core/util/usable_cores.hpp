// How many cores this process may use, for sizing thread pools. std::thread::hardware_concurrency
// counts every core of the machine, but a job is often given fewer: a CPU affinity mask (taskset,
// numactl, Slurm's task binding) or a cgroup CPU quota (Kubernetes limits, docker --cpus, Slurm
// with cgroups). A pool sized to the whole node then oversubscribes the few cores the job has.
//
// Barrier-heavy parallel work (OpenMP loops, as in LibTorch's CPU kernels) also suffers when
// other processes keep the cores busy: a pool thread waiting for a core stalls every barrier
// (measured: a U-Net forward with 2 threads on a 2-core machine running two other busy
// processes took 2.7x as long as with 1 thread), so compute_threads() also counts only the
// cores the others leave idle.
#pragma once

#include <string>

namespace ivid {

// The smaller of the affinity mask's core count and the cgroup quota (rounded up); at least 1.
int usable_cores();

// The rule itself, from its inputs: `affinity` cores in the mask (0: unknown), the cgroup v2
// cpu.max text ("max 100000", "150000 100000"; "" when absent) and the v1 CFS quota and period
// in microseconds (quota <= 0: none).
int usable_cores_from(int affinity, const std::string& cpu_max, long long v1_quota, long long v1_period);

// Threads for barrier-heavy work: the usable cores, but no more than the idle cores of the
// affinity mask (sampled from /proc/stat for 0.1 s; rounded, at least 1).
int compute_threads();

// The rule itself: `idle` cores measured (< 0: unknown, then all usable cores).
int compute_threads_from(int usable, double idle);

}  // namespace ivid

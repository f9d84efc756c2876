// How many cores this process may use, for sizing thread pools. std::thread::hardware_concurrency
// counts every core of the machine, but a job is often given fewer: a CPU affinity mask (taskset,
// numactl, Slurm's task binding) or a cgroup CPU quota (Kubernetes limits, docker --cpus, Slurm
// with cgroups). A pool sized to the whole node then oversubscribes the few cores the job has.
#pragma once

#include <string>

namespace ivid {

// The smaller of the affinity mask's core count and the cgroup quota (rounded up); at least 1.
int usable_cores();

// The rule itself, from its inputs: `affinity` cores in the mask (0: unknown), the cgroup v2
// cpu.max text ("max 100000", "150000 100000"; "" when absent) and the v1 CFS quota and period
// in microseconds (quota <= 0: none).
int usable_cores_from(int affinity, const std::string& cpu_max, long long v1_quota, long long v1_period);

}  // namespace ivid

// How much memory this process may use, for refusing work that cannot fit before it starts
// (an absurd config would otherwise grow until the allocator or the kernel kills the process).
#pragma once

#include <cstdint>
#include <string>

namespace ivid {

// Physical memory, or the cgroup's limit (containers, Slurm, Kubernetes) when that is lower.
uint64_t usable_memory_bytes();

// "12.3 GiB"
std::string gib_text(double bytes);

// Throws Error "<what>: needs about X GiB, more than the Y GiB this machine has (<hint>)" when
// `bytes` exceeds the usable memory.
void require_fits_in_memory(double bytes, const std::string& what, const std::string& hint);

}  // namespace ivid

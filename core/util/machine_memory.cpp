#include "core/util/machine_memory.hpp"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <unistd.h>

#include "core/util/error.hpp"

namespace ivid {
namespace {

// A cgroup memory limit file's value; 0 when absent or unlimited ("max", or v1's huge number).
uint64_t cgroup_limit(const char* file) {
    std::ifstream in(file);
    std::string text;
    if (!(in >> text) || text == "max") return 0;
    try {
        return std::stoull(text);
    } catch (const std::exception&) {
        return 0;
    }
}

}  // namespace

uint64_t usable_memory_bytes() {
    uint64_t bytes = uint64_t(::sysconf(_SC_PHYS_PAGES)) * uint64_t(::sysconf(_SC_PAGE_SIZE));
    for (const char* limit : {"/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes"}) {
        const uint64_t cap = cgroup_limit(limit);
        if (cap > 0) bytes = std::min(bytes, cap);
    }
    return bytes;
}

std::string gib_text(double bytes) {
    char text[32];
    std::snprintf(text, sizeof text, "%.3g GiB", bytes / (1024.0 * 1024.0 * 1024.0));
    return text;
}

void require_fits_in_memory(double bytes, const std::string& what, const std::string& hint) {
    const double usable = double(usable_memory_bytes());
    if (bytes > usable)
        throw Error(what + ": needs about " + gib_text(bytes) + ", more than the " + gib_text(usable) +
                    " this machine has (" + hint + ")");
}

}  // namespace ivid

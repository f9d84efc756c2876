#include "core/util/usable_cores.hpp"

#include <sched.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <sstream>
#include <thread>

namespace ivid {
namespace {

std::string first_line(const char* file) {
    std::ifstream in(file);
    std::string line;
    std::getline(in, line);
    return line;
}

long long number_in(const char* file) {
    try {
        return std::stoll(first_line(file));
    } catch (const std::exception&) {
        return 0;
    }
}

// Cores a quota of `quota` microseconds per `period` allows, rounded up; 0 for none.
int quota_cores(double quota, double period) {
    return quota > 0 && period > 0 ? int(std::ceil(quota / period)) : 0;
}

}  // namespace

int usable_cores_from(int affinity, const std::string& cpu_max, long long v1_quota, long long v1_period) {
    int cores = affinity > 0 ? affinity : int(std::thread::hardware_concurrency());
    std::istringstream v2(cpu_max);
    std::string quota;
    double period = 0;
    if (v2 >> quota >> period && quota != "max") {
        try {
            if (const int q = quota_cores(std::stod(quota), period); q > 0) cores = std::min(cores, q);
        } catch (const std::exception&) {  // not a number: no limit we can read
        }
    }
    if (const int q = quota_cores(double(v1_quota), double(v1_period)); q > 0) cores = std::min(cores, q);
    return std::max(cores, 1);
}

int usable_cores() {
    cpu_set_t mask;
    CPU_ZERO(&mask);
    const int affinity = ::sched_getaffinity(0, sizeof mask, &mask) == 0 ? CPU_COUNT(&mask) : 0;
    return usable_cores_from(affinity, first_line("/sys/fs/cgroup/cpu.max"),
                             number_in("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"),
                             number_in("/sys/fs/cgroup/cpu/cpu.cfs_period_us"));
}

}  // namespace ivid

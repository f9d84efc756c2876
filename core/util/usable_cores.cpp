#include "core/util/usable_cores.hpp"

#include <sched.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <cmath>
#include <fstream>
#include <map>
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

cpu_set_t affinity_mask() {
    cpu_set_t mask;
    CPU_ZERO(&mask);
    if (::sched_getaffinity(0, sizeof mask, &mask) != 0) CPU_ZERO(&mask);
    return mask;
}

struct CpuTicks {
    unsigned long long idle = 0, total = 0;
};

// The "cpuN" lines of /proc/stat: idle (idle + iowait) and total ticks per CPU.
std::map<int, CpuTicks> cpu_ticks() {
    std::ifstream in("/proc/stat");
    std::map<int, CpuTicks> ticks;
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind("cpu", 0) != 0 || line.size() < 4 || !std::isdigit(static_cast<unsigned char>(line[3]))) continue;
        std::istringstream fields(line.substr(3));
        int cpu = 0;
        fields >> cpu;
        CpuTicks t;
        unsigned long long value = 0;
        for (int column = 0; fields >> value; ++column) {
            if (column == 3 || column == 4) t.idle += value;  // idle, iowait
            if (column < 8) t.total += value;                 // user .. steal (guest time is in user)
        }
        ticks[cpu] = t;
    }
    return ticks;
}

// Idle cores of the affinity mask over `seconds`; -1 when /proc/stat cannot be read.
double idle_cores_in_mask(double seconds) {
    const cpu_set_t mask = affinity_mask();
    const std::map<int, CpuTicks> before = cpu_ticks();
    std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
    const std::map<int, CpuTicks> after = cpu_ticks();
    double idle = 0;
    bool measured = false;
    for (const auto& [cpu, t] : after) {
        const auto b = before.find(cpu);
        if (!CPU_ISSET(cpu, &mask) || b == before.end() || t.total <= b->second.total) continue;
        idle += double(t.idle - b->second.idle) / double(t.total - b->second.total);
        measured = true;
    }
    return measured ? idle : -1.0;
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
    const cpu_set_t mask = affinity_mask();
    const int affinity = CPU_COUNT(&mask);
    return usable_cores_from(affinity, first_line("/sys/fs/cgroup/cpu.max"),
                             number_in("/sys/fs/cgroup/cpu/cpu.cfs_quota_us"),
                             number_in("/sys/fs/cgroup/cpu/cpu.cfs_period_us"));
}

int compute_threads_from(int usable, double idle) {
    if (idle < 0) return usable;
    return std::clamp(int(std::lround(idle)), 1, usable);
}

int compute_threads() { return compute_threads_from(usable_cores(), idle_cores_in_mask(0.1)); }

}  // namespace ivid

// ivid bench: dispatches to the timing subcommands registered with BenchRegistration.
#include <algorithm>
#include <cstdio>

#include "app/cli/args.hpp"
#include "app/cli/bench.hpp"

namespace ivid::cli {
namespace {

std::vector<Command>& registry() {
    static std::vector<Command> list;
    return list;
}

std::string usage() {
    std::string text = "usage: ivid bench <subcommand> [options]\n\nTime parts of the diffusion engine and the renderer.\n\nsubcommands:\n";
    for (const auto& s : registry()) {
        char line[160];
        std::snprintf(line, sizeof line, "  %-10s %s\n", s.name.c_str(), s.summary.c_str());
        text += line;
    }
    return text + "\nRun 'ivid bench <subcommand> --help' for its options.\n";
}

int run_bench(const std::vector<std::string>& args) {
    if (args.empty()) throw UsageError("bench: missing subcommand\n" + usage());
    if (args[0] == "--help" || args[0] == "-h") {
        std::fputs(usage().c_str(), stdout);
        return 0;
    }
    for (const auto& s : registry())
        if (s.name == args[0]) return s.run(std::vector<std::string>(args.begin() + 1, args.end()));
    throw UsageError("bench: unknown subcommand '" + args[0] + "'\n" + usage());
}

CommandRegistration reg("bench", "time the U-Net, samplers and renderer (ivid bench unet|render|...)", run_bench);

}  // namespace

BenchRegistration::BenchRegistration(std::string name, std::string summary, CommandFn run) {
    registry().push_back({std::move(name), std::move(summary), std::move(run)});
    std::sort(registry().begin(), registry().end(), [](const Command& a, const Command& b) { return a.name < b.name; });
}

const std::vector<Command>& bench_subcommands() { return registry(); }

}  // namespace ivid::cli

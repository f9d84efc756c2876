// `ivid bench <subcommand>`: timing tools of the LibTorch engine and the fusion renderer. Each
// subcommand lives in its own cmd_bench_<name>.cpp and registers itself here; cmd_bench.cpp
// dispatches.
#pragma once

#include <string>
#include <vector>

#include "app/cli/command.hpp"

namespace ivid::cli {

struct BenchRegistration {
    BenchRegistration(std::string name, std::string summary, CommandFn run);
};

const std::vector<Command>& bench_subcommands();

}  // namespace ivid::cli

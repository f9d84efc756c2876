// `ivid bench <subcommand>`: timing tools of the LibTorch engine. Each subcommand lives in its
// own cmd_bench_<name>.cpp and registers itself here; cmd_bench.cpp dispatches.
#pragma once

#include <string>
#include <vector>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "core/nn/adm_unet.hpp"

namespace ivid::cli {

// What every engine benchmark sets up the same way.
struct BenchEngine {
    nn::ModelConfig config;
    nn::AdmUnet net;
    c10::Device device;
    int threads;
};
// Declares --config, --ckpt, --device and --threads.
void add_engine_options(ArgParser& args);
// Applies them: thread count, device, the network (checkpoint or random weights) on the device.
BenchEngine load_bench_engine(const ArgParser& args);

struct BenchRegistration {
    BenchRegistration(std::string name, std::string summary, CommandFn run);
};

const std::vector<Command>& bench_subcommands();

}  // namespace ivid::cli

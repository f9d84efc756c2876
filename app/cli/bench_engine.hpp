// What the LibTorch engine benchmarks (ivid bench unet|sample) set up the same way; built only
// with the engine (ivid_ml), unlike the `ivid bench` dispatcher in bench.hpp.
#pragma once

#include "app/cli/args.hpp"
#include "core/nn/adm_unet.hpp"

namespace ivid::cli {

struct BenchEngine {
    nn::ModelConfig config;
    nn::AdmUnet net;
    c10::Device device;
    int threads;
};
// Declares --config, --ckpt, --device, --threads and --autocast.
void add_engine_options(ArgParser& args);
// Applies them: thread count, device, the network (checkpoint or random weights) on the device,
// its autocast mode.
BenchEngine load_bench_engine(const ArgParser& args);

}  // namespace ivid::cli

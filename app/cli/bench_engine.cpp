#include "app/cli/bench_engine.hpp"

#include <filesystem>
#include <optional>

#include "app/cli/thread_options.hpp"
#include "core/nn/compute_device.hpp"

namespace ivid::cli {

void add_engine_options(ArgParser& args) {
    args.option("config", "C.json", "IVID model config (backbone block)", "", true);
    args.option("ckpt", "F.pt", "checkpoint to load (torch.save state dict; random weights without it)");
    args.option("device", "cpu|cuda", "where to run", "cpu");
    add_compute_threads_option(args);
    args.option("autocast", "none|fp16|bf16",
                "U-Net mixed precision: fp16 (CUDA only) or bf16 (CPU and CUDA) convolutions and matrix products, "
                "float32 outputs", "none");
}

BenchEngine load_bench_engine(const ArgParser& args) {
    const int threads = nn::set_compute_threads(args.get_int("threads"));
    const c10::Device device = nn::select_device(args.get("device"));
    nn::ModelConfig config = nn::load_model_config(args.get("config"));
    std::optional<std::filesystem::path> ckpt;
    if (args.is_set("ckpt")) ckpt = args.get("ckpt");
    nn::AdmUnet net = nn::load_adm_unet(config, ckpt);
    net.to(device);
    net.set_autocast(nn::parse_autocast(args.get("autocast"), "--autocast"));
    return {std::move(config), std::move(net), device, threads};
}

}  // namespace ivid::cli

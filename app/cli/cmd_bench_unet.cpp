// ivid bench unet: time AdmUnet2d forward passes for a config (and optionally a checkpoint), in
// the same terms as packaging/bench/compare_unet.py prints for Python PyTorch.
#include <algorithm>
#include <chrono>
#include <cstdio>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/bench.hpp"
#include "app/cli/bench_engine.hpp"

namespace ivid::cli {
namespace {

int run_bench_unet(const std::vector<std::string>& argv) {
    ArgParser args("bench unet", "Time AdmUnet2d forward passes (random inputs; random weights without --ckpt).");
    add_engine_options(args);
    args.option("batch", "B", "batch size", "1");
    args.option("size", "S", "input height and width (default: the config's image_size)", "0");
    args.option("iters", "K", "timed forward passes", "5");
    args.option("warmup", "W", "untimed passes first", "1");
    args.flag("json", "print the figures as JSON");
    if (!args.parse(argv)) return 0;

    // A forward too large for the machine is refused by the network itself, naming the size.
    const int batch = args.get_int_in("batch", 1, 65536), iters = args.get_int_in("iters", 1, 100000);
    const int warmup = args.get_int_in("warmup", 0, 100000);
    const int given_size = args.get_int_in("size", 0, 65536);  // 0: the config's
    const BenchEngine engine = load_bench_engine(args);
    const nn::ModelConfig& config = engine.config;
    const nn::AdmUnet& net = engine.net;
    const c10::Device device = engine.device;
    const int threads = engine.threads;
    const int size = given_size > 0 ? given_size : config.backbone.image_size;
    net.require_forward_fits(batch, size, size);
    const auto on_device = at::TensorOptions().device(device);
    const at::Tensor x = at::randn({batch, config.backbone.in_channels, size, size}, on_device);
    const at::Tensor t = at::arange(batch, on_device.dtype(at::kLong)) * 97 % 1000;
    const at::Tensor classes = config.backbone.num_classes ? at::zeros({batch}, on_device.dtype(at::kLong)) : at::Tensor();

    // .item() waits for the device, so each time covers the whole pass.
    auto timed_pass = [&] {
        const auto start = std::chrono::steady_clock::now();
        net.forward(x, t, classes).sum().item<float>();
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    };
    for (int i = 0; i < warmup; ++i) timed_pass();
    std::vector<double> ms;
    for (int i = 0; i < iters; ++i) ms.push_back(timed_pass());
    double mean = 0;
    for (double v : ms) mean += v / iters;
    const double best = *std::min_element(ms.begin(), ms.end());
    const double evals_per_s = 1000.0 * batch / mean;

    if (args.is_set("json")) {
        const nlohmann::json j = {{"engine", "ivid"}, {"config", config.file}, {"parameters", net.parameter_count()},
                                  {"batch", batch}, {"size", size}, {"device", device.str()}, {"threads", threads},
                                  {"autocast", nn::autocast_name(net.autocast())}, {"iters", iters}, {"ms_per_forward", mean}, {"ms_per_forward_min", best},
                                  {"evals_per_s", evals_per_s}};
        std::printf("%s\n", j.dump().c_str());
    } else {
        std::printf("AdmUnet2d %s: %lld parameters, batch %d, %dx%d, %s, %d threads, autocast %s\n",
                    config.file.c_str(), static_cast<long long>(net.parameter_count()), batch, size, size,
                    device.str().c_str(), threads, nn::autocast_name(net.autocast()).c_str());
        std::printf("%.2f ms per forward (min %.2f over %d), %.2f evaluations/s\n", mean, best, iters, evals_per_s);
    }
    return 0;
}

BenchRegistration reg("unet", "time AdmUnet2d forward passes", run_bench_unet);

}  // namespace
}  // namespace ivid::cli

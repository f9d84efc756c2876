// ivid bench unet: time AdmUnet2d forward passes for a config (and optionally a checkpoint), in
// the same terms as packaging/bench/compare_unet.py prints for Python PyTorch. --path both times the
// eager reference and the inference fast path (core/nn/unet_inference.hpp) in one run, their
// passes interleaved so that both see the same machine load.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <memory>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/bench.hpp"
#include "app/cli/bench_engine.hpp"
#include "core/nn/unet_inference.hpp"

namespace ivid::cli {
namespace {

int run_bench_unet(const std::vector<std::string>& argv) {
    ArgParser args("bench unet", "Time AdmUnet2d forward passes (random inputs; random weights without --ckpt).");
    add_engine_options(args);
    args.option("batch", "B", "batch size", "1");
    args.option("size", "S", "input height and width (default: the config's image_size)", "0");
    args.option("iters", "K", "timed forward passes", "5");
    args.option("warmup", "W", "untimed passes first", "1");
    args.option("path", "eager|fast|both",
                "forward path: AdmUnet's eager reference, the inference fast path sampling uses, or both "
                "(default: the path sampling takes, see IVID_UNET_PATH)");
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
    std::vector<nn::UnetPath> paths;
    const std::string path_arg = args.get("path");
    if (path_arg == "both") paths = {nn::UnetPath::Eager, nn::UnetPath::Fast};
    else paths = {path_arg.empty() ? nn::default_unet_path() : nn::parse_unet_path(path_arg, "--path")};
    const int size = given_size > 0 ? given_size : config.backbone.image_size;
    net.require_forward_fits(batch, size, size);
    const auto on_device = at::TensorOptions().device(device);
    const at::Tensor x = at::randn({batch, config.backbone.in_channels, size, size}, on_device);
    const at::Tensor t = at::arange(batch, on_device.dtype(at::kLong)) * 97 % 1000;
    const at::Tensor classes = config.backbone.num_classes ? at::zeros({batch}, on_device.dtype(at::kLong)) : at::Tensor();

    struct Timing {
        std::unique_ptr<nn::UnetInference> runner;
        std::vector<double> ms;
        double mean = 0, best = 0, median = 0;
    };
    std::vector<Timing> timings;
    for (nn::UnetPath p : paths) timings.push_back({std::make_unique<nn::UnetInference>(net, p), {}, 0, 0, 0});
    // .item() waits for the device, so each time covers the whole pass.
    auto timed_pass = [&](const nn::UnetInference& runner) {
        const auto start = std::chrono::steady_clock::now();
        runner.forward(x, t, classes).sum().item<float>();
        return std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    };
    for (int i = 0; i < warmup; ++i)
        for (auto& timing : timings) timed_pass(*timing.runner);
    for (int i = 0; i < iters; ++i)
        for (auto& timing : timings) timing.ms.push_back(timed_pass(*timing.runner));
    for (auto& timing : timings) {
        for (double v : timing.ms) timing.mean += v / iters;
        timing.best = *std::min_element(timing.ms.begin(), timing.ms.end());
        std::vector<double> sorted = timing.ms;
        std::sort(sorted.begin(), sorted.end());
        const size_t n = sorted.size();
        timing.median = n % 2 ? sorted[n / 2] : 0.5 * (sorted[n / 2 - 1] + sorted[n / 2]);
    }

    auto path_of = [](const Timing& timing) {
        return timing.runner->uses_fast_path() ? std::string("fast") : std::string("eager");
    };
    if (args.is_set("json")) {
        nlohmann::json j = {{"engine", "ivid"}, {"config", config.file}, {"parameters", net.parameter_count()},
                            {"batch", batch}, {"size", size}, {"device", device.str()}, {"threads", threads},
                            {"autocast", nn::autocast_name(net.autocast())}, {"iters", iters}};
        // The first path's figures at the top level (as before --path existed), every path's under "paths".
        j["path"] = path_of(timings.front());
        j["ms_per_forward"] = timings.front().mean;
        j["ms_per_forward_min"] = timings.front().best;
        j["ms_per_forward_median"] = timings.front().median;
        j["evals_per_s"] = 1000.0 * batch / timings.front().mean;
        for (const auto& timing : timings)
            j["paths"][path_of(timing)] = {{"ms_per_forward", timing.mean}, {"ms_per_forward_min", timing.best},
                                           {"ms_per_forward_median", timing.median},
                                           {"evals_per_s", 1000.0 * batch / timing.mean}};
        std::printf("%s\n", j.dump().c_str());
    } else {
        std::printf("AdmUnet2d %s: %lld parameters, batch %d, %dx%d, %s, %d threads, autocast %s\n",
                    config.file.c_str(), static_cast<long long>(net.parameter_count()), batch, size, size,
                    device.str().c_str(), threads, nn::autocast_name(net.autocast()).c_str());
        for (const auto& timing : timings)
            std::printf("%-5s path: %.2f ms per forward (min %.2f, median %.2f over %d), %.2f evaluations/s\n",
                        path_of(timing).c_str(), timing.mean, timing.best, timing.median, iters,
                        1000.0 * batch / timing.mean);
        if (timings.size() == 2)
            std::printf("fast/eager: %.3f (mean), %.3f (min)\n", timings[1].mean / timings[0].mean,
                        timings[1].best / timings[0].best);
    }
    return 0;
}

BenchRegistration reg("unet", "time AdmUnet2d forward passes", run_bench_unet);

}  // namespace
}  // namespace ivid::cli

// ivid bench sample: time a complete sampling run (guidance and, for conditional models, the
// 10-channel input and x0 corrections included) and, with --compare-to, measure how far the
// result lies from another sampler's on the same seeds (e.g. DPM-Solver++ 20 vs DDIM 50).
#include <chrono>
#include <cmath>
#include <cstdio>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/bench.hpp"
#include "app/cli/bench_engine.hpp"
#include "core/diffusion/sampler.hpp"

namespace ivid::cli {
namespace {

using namespace ivid::diffusion;

// "ddim:50" -> settings with that sampler and step count.
SamplerSettings parse_sampler_spec(const std::string& spec, const SamplerSettings& base) {
    const auto colon = spec.find(':');
    SamplerSettings s = base;
    try {
        s.sampler = parse_sampler_kind(spec.substr(0, colon));
        if (colon != std::string::npos) s.steps = std::stoi(spec.substr(colon + 1));
    } catch (const std::logic_error&) {
        throw UsageError("bench sample: --compare-to: expected SAMPLER:STEPS (e.g. ddim:50), found '" + spec + "'");
    }
    return s;
}

// A synthetic conditional view: smooth RGBD with a visible left part (conditional models only).
void add_synthetic_condition(SampleRequest& req, int64_t n, int64_t size, const c10::Device& device) {
    const auto opt = at::TensorOptions().device(device);
    const at::Tensor ramp = at::linspace(-1, 1, size, opt).view({1, 1, 1, size});
    const at::Tensor mask = (ramp < 0.2).to(at::kFloat).expand({n, 1, size, size}).contiguous();
    const at::Tensor y = at::cat({at::sin(ramp * 3).expand({n, 3, size, size}), ramp.expand({n, 1, size, size})}, 1) * mask;
    req.condition = InpaintCondition{y, mask, mask};
    req.corrections.replace_rgb = ReplaceRgb{0.1, y.narrow(1, 0, 3), mask};
    req.corrections.replace_depth = ReplaceDepth{0.2, y.narrow(1, 3, 1), mask};
    req.corrections.constrain_depth = ConstrainDepth{0.5, ramp.expand({n, 1, size, size}).contiguous()};
}

int run_bench_sample(const std::vector<std::string>& argv) {
    ArgParser args("bench sample", "Time a sampling run; optionally compare it with another sampler on the same seeds.");
    add_engine_options(args);
    args.option("sampler", "NAME", "ddpm, ddim or dpmpp_2m", "ddim");
    args.option("steps", "S", "sampler steps", "50");
    args.option("eta", "E", "DDIM eta", "0");
    args.option("guidance", "G", "classifier-free guidance strength", "3");
    args.flag("separate-guidance", "run the guided passes as two forwards instead of one batch");
    args.option("batch", "B", "samples per run", "1");
    args.option("seed", "N", "first seed (sample i uses seed+i; the run's other draws use seed)", "0");
    args.option("class", "K", "class id for every sample (-1 = null class)", "-1");
    args.option("compare-to", "SAMPLER:STEPS", "also run this sampler and report the difference");
    args.flag("json", "print the figures as JSON");
    if (!args.parse(argv)) return 0;

    SamplerSettings settings;
    settings.sampler = parse_sampler_kind(args.get("sampler"));
    settings.steps = args.get_int_in("steps", 1, 1000000);  // the model's timesteps are checked when it is read
    settings.eta = args.get_double("eta");
    settings.guidance = args.get_double("guidance");
    settings.batched_guidance = !args.is_set("separate-guidance");
    const int batch = args.get_int("batch");
    if (batch < 1) throw UsageError("bench sample: --batch must be >= 1");
    const BenchEngine engine = load_bench_engine(args);
    const nn::ModelConfig& config = engine.config;
    const c10::Device device = engine.device;
    const int threads = engine.threads;
    const DiffusionModel model = make_diffusion_model(config, engine.net);

    const int64_t size = config.backbone.image_size;
    const uint64_t seed = uint64_t(args.get_int("seed"));
    std::vector<uint64_t> seeds;
    for (int i = 0; i < batch; ++i) seeds.push_back(seed + uint64_t(i));
    SampleRequest req;
    req.noise = initial_noise_from_seeds(seeds, 4, size, size);
    if (config.backbone.num_classes) req.classes = at::full({batch}, args.get_int("class"), at::kLong);
    if (model.framework == GuidanceFramework::Inpaint) add_synthetic_condition(req, batch, size, device);

    auto run = [&](const SamplerSettings& s, double& ms) {
        SeededNoise noise(seed);
        const auto start = std::chrono::steady_clock::now();
        SampleResult r = sample(model, s, req, noise);
        r.samples.sum().item<float>();  // wait for the device
        ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        return r;
    };
    double ms = 0;
    const SampleResult result = run(settings, ms);
    const double ms_per_step = ms / settings.steps, evals_per_s = 1000.0 * double(result.evaluations) / ms;

    nlohmann::json j = {{"engine", "ivid"}, {"config", config.file}, {"sampler", sampler_kind_name(settings.sampler)},
                        {"steps", settings.steps}, {"batch", batch}, {"size", size}, {"device", device.str()},
                        {"threads", threads}, {"guidance", settings.guidance},
                        {"batched_guidance", settings.batched_guidance}, {"evaluations", result.evaluations},
                        {"ms_total", ms}, {"ms_per_step", ms_per_step}, {"evals_per_s", evals_per_s}};
    if (!args.is_set("json")) {
        std::printf("%s %d steps, batch %d, %lldx%lld, %s, %d threads, guidance %g (%s)\n",
                    sampler_kind_name(settings.sampler).c_str(), settings.steps, batch, (long long)size,
                    (long long)size, device.str().c_str(), threads, settings.guidance,
                    settings.batched_guidance ? "batched" : "separate passes");
        std::printf("%.1f ms total, %.2f ms per step, %lld evaluations, %.2f evaluations/s\n", ms, ms_per_step,
                    (long long)result.evaluations, evals_per_s);
    }
    if (args.is_set("compare-to")) {
        const SamplerSettings ref_settings = parse_sampler_spec(args.get("compare-to"), settings);
        double ref_ms = 0;
        const at::Tensor ref = run(ref_settings, ref_ms).samples.to(at::kDouble);
        const at::Tensor diff = result.samples.to(at::kDouble) - ref;
        const double max_abs = diff.abs().max().item<double>(), rms = diff.pow(2).mean().sqrt().item<double>();
        const double ref_max = ref.abs().max().item<double>(), ref_rms = ref.pow(2).mean().sqrt().item<double>();
        j["compare_to"] = {{"sampler", sampler_kind_name(ref_settings.sampler)}, {"steps", ref_settings.steps},
                           {"ms_total", ref_ms}, {"max_abs_diff", max_abs}, {"rms_diff", rms},
                           {"ref_max_abs", ref_max}, {"ref_rms", ref_rms}};
        if (!args.is_set("json"))
            std::printf("vs %s %d steps (%.1f ms): max |diff| %.4g, RMS diff %.4g (reference max |x| %.4g, RMS %.4g)\n",
                        sampler_kind_name(ref_settings.sampler).c_str(), ref_settings.steps, ref_ms, max_abs, rms,
                        ref_max, ref_rms);
    }
    if (args.is_set("json")) std::printf("%s\n", j.dump().c_str());
    return 0;
}

BenchRegistration reg("sample", "time a sampling run, optionally compare samplers", run_bench_sample);

}  // namespace
}  // namespace ivid::cli

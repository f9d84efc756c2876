// Samplers with analytic denoisers whose exact answers are known: data that is a single point
// (every sampler must return it), Gaussian data (the probability-flow ODE has a closed-form
// solution, so DDIM's and DPM-Solver++'s errors can be measured), plus NaN detection,
// cancellation, progress, guidance batching and seeded reproducibility.
#include <atomic>
#include <cmath>
#include <tuple>

#include <ATen/CPUGeneratorImpl.h>

#include "core/diffusion/sampler.hpp"
#include "core/diffusion/tensor_npy.hpp"
#include "tests/test_support.hpp"

#include <doctest/doctest.h>  // after the torch-side headers: glog's CHECK would replace doctest's

using namespace ivid;
using namespace ivid::diffusion;

namespace {

const NoiseSchedule kLinear(BetaSchedule::Linear, 1000);

// The optimal eps for data x0 ~ N(mu, s^2) per element: x_t = a x0 + sigma eps gives
// E[eps | x_t] = sigma (x_t - a mu) / (a^2 s^2 + sigma^2). s = 0 is a single data point.
EpsModel gaussian_data_denoiser(const NoiseSchedule& schedule, at::Tensor mu, double s) {
    return [&schedule, mu, s](const at::Tensor& x, const at::Tensor& t_index, const at::Tensor&) {
        std::vector<at::Tensor> out;
        for (int64_t i = 0; i < x.size(0); ++i) {
            const double ab = schedule.alpha_bar(int(t_index[i].item<int64_t>()) + 1);
            const double a = std::sqrt(ab), sigma = std::sqrt(1 - ab);
            out.push_back(((x[i] - a * mu[i]) * (sigma / (ab * s * s + (1 - ab)))).unsqueeze(0));
        }
        return at::cat(out, 0);
    };
}

// Exact probability-flow ODE solution from x_T at diffusion step t for Gaussian data: the
// standardised value (x - a mu) / sqrt(a^2 s^2 + sigma^2) is preserved along the flow.
at::Tensor gaussian_ode_solution(const at::Tensor& x_T, double alpha_bar_T, const at::Tensor& mu, double s) {
    const double a = std::sqrt(alpha_bar_T);
    return mu + s * (x_T - a * mu) / std::sqrt(alpha_bar_T * s * s + 1 - alpha_bar_T);
}

double max_abs(const at::Tensor& t) { return t.abs().max().item<double>(); }

DiffusionModel model_of(EpsModel net) {
    DiffusionModel m;
    m.net = std::move(net);
    return m;
}

SamplerSettings settings_of(SamplerKind kind, int steps, double guidance = 0.0) {
    SamplerSettings s;
    s.sampler = kind;
    s.steps = steps;
    s.guidance = guidance;
    return s;
}

SampleRequest request_of(const at::Tensor& noise) {
    SampleRequest r;
    r.noise = noise;
    return r;
}

}  // namespace

TEST_CASE("data that is a single point: every sampler returns it") {
    const at::Tensor noise = at::randn({2, 4, 8, 8}, at::make_generator<at::CPUGeneratorImpl>(3));
    const at::Tensor mu = at::rand({2, 4, 8, 8}, at::make_generator<at::CPUGeneratorImpl>(4)) * 2 - 1;
    const DiffusionModel model = model_of(gaussian_data_denoiser(kLinear, mu, 0.0));
    SeededNoise rng(5);
    for (auto [kind, steps] : {std::pair{SamplerKind::Ddim, 10}, std::pair{SamplerKind::Ddim, 50},
                               std::pair{SamplerKind::DpmSolver2M, 15}, std::pair{SamplerKind::Ddpm, 100}}) {
        CAPTURE(sampler_kind_name(kind));
        CAPTURE(steps);
        const SampleResult r = sample(model, settings_of(kind, steps), request_of(noise), rng);
        // x0 = recip*x - recipm1*eps cancels to mu; float32 rounding of ~1e-6 remains.
        CHECK(max_abs(r.samples - mu) <= 1e-5);
        CHECK(r.evaluations == 2 * steps);  // no guidance: one pass per sample and step
    }
}

TEST_CASE("super-resolution: every sampler returns the upsampled low-res image when that is the data") {
    // A SuperResCFG denoiser whose data is exactly the upsampled low-res image it is given
    // (input channels 4..7): eps = (x_t - sqrt(ab) mu) / sqrt(1 - ab) with mu read from its input.
    const NoiseSchedule& schedule = kLinear;
    DiffusionModel model = model_of([&schedule](const at::Tensor& x, const at::Tensor& t_index, const at::Tensor&) {
        REQUIRE(x.size(1) == 8);
        const double ab = schedule.alpha_bar(int(t_index[0].item<int64_t>()) + 1);
        return (x.narrow(1, 0, 4) - std::sqrt(ab) * x.narrow(1, 4, 4)) / std::sqrt(1 - ab);
    });
    model.framework = GuidanceFramework::SuperRes;
    const at::Tensor noise = at::randn({2, 4, 8, 8}, at::make_generator<at::CPUGeneratorImpl>(3));
    SampleRequest req = request_of(noise);
    req.low_res = SuperResCondition{at::rand({2, 4, 4, 4}, at::make_generator<at::CPUGeneratorImpl>(4)) * 2 - 1};
    const at::Tensor mu = upsample_low_res(req.low_res->y, 2);
    SeededNoise rng(5);
    for (auto [kind, steps] : {std::pair{SamplerKind::Ddim, 10}, std::pair{SamplerKind::DpmSolver2M, 15},
                               std::pair{SamplerKind::Ddpm, 100}}) {
        CAPTURE(sampler_kind_name(kind));
        const SampleResult r = sample(model, settings_of(kind, steps), req, rng);
        CHECK(max_abs(r.samples - mu) <= 1e-5);  // as for the single point above
    }
    // The model needs its low-res image, and other models refuse one.
    CHECK(test::contains(test::message_of([&] { sample(model, SamplerSettings{}, request_of(noise), rng); }),
                         "low-res image: expected a low-res image (SuperResCFG model), found none"));
    model.framework = GuidanceFramework::ClassifierFree;
    CHECK(test::contains(test::message_of([&] { sample(model, SamplerSettings{}, req, rng); }),
                         "not a SuperResCFG model"));
}

TEST_CASE("clip_denoised clamps each step's x0 to [-1, 1] before the x0 corrections") {
    const at::Tensor noise = at::randn({1, 4, 8, 8}, at::make_generator<at::CPUGeneratorImpl>(6));
    const at::Tensor mu = at::rand({1, 4, 8, 8}, at::make_generator<at::CPUGeneratorImpl>(7)) * 6 - 3;
    const DiffusionModel model = model_of(gaussian_data_denoiser(kLinear, mu, 0.0));
    SeededNoise rng(5);
    for (auto [kind, steps] : {std::pair{SamplerKind::Ddim, 10}, std::pair{SamplerKind::DpmSolver2M, 10},
                               std::pair{SamplerKind::Ddpm, 50}}) {
        CAPTURE(sampler_kind_name(kind));
        SamplerSettings settings = settings_of(kind, steps);
        SampleRequest request = request_of(noise);
        request.keep_steps = true;
        // Off (IVID's default): the single data point is returned even far outside [-1, 1].
        CHECK(max_abs(sample(model, settings, request, rng).samples - mu) <= 1e-5);
        settings.clip_denoised = true;
        const SampleResult clipped = sample(model, settings, request, rng);
        CHECK(max_abs(clipped.samples - mu.clamp(-1, 1)) <= 1e-5);
        for (const at::Tensor& x0 : clipped.pred_x0_steps) CHECK(max_abs(x0) <= 1.0);
    }
    // Corrections come after the clamp: a known depth of 2 still pulls x0's depth to 2.
    SamplerSettings settings = settings_of(SamplerKind::Ddim, 5);
    settings.clip_denoised = true;
    SampleRequest request = request_of(noise);
    request.corrections.replace_depth = ReplaceDepth{1.0, at::full({1, 1, 8, 8}, 2.0f), at::ones({1, 1, 8, 8})};
    const at::Tensor out = sample(model, settings, request, rng).samples;
    CHECK(max_abs(out.narrow(1, 3, 1) - 2.0) <= 1e-5);
    CHECK(max_abs(out.narrow(1, 0, 3) - mu.narrow(1, 0, 3).clamp(-1, 1)) <= 1e-5);
}

TEST_CASE("Gaussian data: DDIM converges to the exact ODE solution, DPM-Solver++(2M) much faster") {
    const at::Tensor noise = at::randn({1, 4, 16, 16}, at::make_generator<at::CPUGeneratorImpl>(8));
    const at::Tensor mu = at::full({1, 4, 16, 16}, 0.3f);
    const double s = 0.5;
    const DiffusionModel model = model_of(gaussian_data_denoiser(kLinear, mu, s));
    ReplayNoise no_noise{at::Tensor(), at::Tensor(), at::Tensor()};
    auto error = [&](SamplerKind kind, int steps) {
        const auto grid = kind == SamplerKind::Ddim ? step_pairs(1000, steps) : log_snr_step_pairs(kLinear, steps);
        const at::Tensor exact = gaussian_ode_solution(noise, kLinear.alpha_bar(grid.front().t), mu, s);
        return max_abs(sample(model, settings_of(kind, steps), request_of(noise), no_noise).samples - exact);
    };
    const double ddim10 = error(SamplerKind::Ddim, 10), ddim50 = error(SamplerKind::Ddim, 50);
    const double ddim200 = error(SamplerKind::Ddim, 200);
    const double dpm10 = error(SamplerKind::DpmSolver2M, 10), dpm15 = error(SamplerKind::DpmSolver2M, 15);
    const double dpm20 = error(SamplerKind::DpmSolver2M, 20);
    MESSAGE("max error vs exact ODE: DDIM-10 " << ddim10 << ", DDIM-50 " << ddim50 << ", DDIM-200 "
            << ddim200 << ", DPM-Solver++(2M)-10 " << dpm10 << ", -15 " << dpm15 << ", -20 " << dpm20);
    // float64 numpy runs of the same algorithms give 0.507/0.112/0.029 and 0.062/0.046/0.028
    // for this noise's statistics; first order converges slowly, second order fast.
    CHECK(ddim50 < ddim10 / 3);
    CHECK(ddim200 < ddim50 / 3);
    CHECK(dpm10 < ddim10 / 5);
    CHECK(dpm15 < ddim50 / 2);
    CHECK(dpm20 < dpm10);
}

TEST_CASE("part-way start: the ODE from the noised start image, on a grid from t = strength x T") {
    // Gaussian data again: from x_t0 = sqrt(ab) start + sqrt(1 - ab) noise the exact solution is
    // gaussian_ode_solution(x_t0, ab_t0); a start image far from the data shows the start was used.
    const at::Tensor noise = at::randn({1, 4, 16, 16}, at::make_generator<at::CPUGeneratorImpl>(9));
    const at::Tensor mu = at::full({1, 4, 16, 16}, 0.3f);
    const at::Tensor start = at::full({1, 4, 16, 16}, -0.8f);
    const double s = 0.5;
    const DiffusionModel model = model_of(gaussian_data_denoiser(kLinear, mu, s));
    ReplayNoise no_noise{at::Tensor(), at::Tensor(), at::Tensor()};
    SampleRequest request = request_of(noise);
    request.start = StartImage{start};
    request.keep_steps = true;
    const double ab = kLinear.alpha_bar(300);
    const at::Tensor x_t0 = std::sqrt(ab) * start + std::sqrt(1 - ab) * noise;
    const at::Tensor exact = gaussian_ode_solution(x_t0, ab, mu, s);
    for (auto [kind, steps, bound] : {std::tuple{SamplerKind::Ddim, 300, 0.01}, std::tuple{SamplerKind::DpmSolver2M, 20, 0.01}}) {
        CAPTURE(sampler_kind_name(kind));
        SamplerSettings settings = settings_of(kind, steps);
        settings.start_strength = 0.3;
        std::vector<int> first_t;
        SampleControl control;
        control.on_step = [&](const StepProgress& p) { first_t.push_back(p.t); };
        const SampleResult r = sample(model, settings, request, no_noise, control);
        REQUIRE(first_t.size() == size_t(steps));
        CHECK(first_t.front() == 300);
        // Discretisation error of the ODE solver over [0, 300] (float32 rounding is ~1e-6); from
        // pure noise at T the exact solution lies > 0.1 away, so the start image was used.
        const double error = max_abs(r.samples - exact);
        MESSAGE(sampler_kind_name(kind) << "-" << steps << " from t = 300: max error vs exact ODE " << error);
        CHECK(error < bound);
        CHECK(max_abs(exact - gaussian_ode_solution(noise, kLinear.alpha_bar(1000), mu, s)) > 0.1);
    }
    SamplerSettings part_way = settings_of(SamplerKind::Ddim, 10);
    part_way.start_strength = 0.3;
    CHECK(test::contains(test::message_of([&] { sample(model, part_way, request_of(noise), no_noise); }),
                         "start image: expected one"));
    CHECK(test::contains(test::message_of([&] { sample(model, settings_of(SamplerKind::Ddim, 10), request, no_noise); }),
                         "start image: expected none"));
    part_way.steps = 301;
    CHECK(test::contains(test::message_of([&] { sample(model, part_way, request, no_noise); }), "at most 300"));
    part_way.steps = 10;
    part_way.start_strength = 0.0;
    CHECK(test::contains(test::message_of([&] { sample(model, part_way, request, no_noise); }), "start_strength"));
    SampleRequest wrong_shape = request;
    wrong_shape.start = StartImage{at::zeros({1, 4, 8, 8})};
    part_way.start_strength = 0.3;
    CHECK(test::contains(test::message_of([&] { sample(model, part_way, wrong_shape, no_noise); }), "start image"));
}

TEST_CASE("log-SNR grid: strictly decreasing whole steps from T to 0, even in log-SNR") {
    for (int steps : {1, 2, 15, 20, 500, 1000}) {
        CAPTURE(steps);
        const auto grid = log_snr_step_pairs(kLinear, steps);
        REQUIRE(int(grid.size()) == steps);
        CHECK(grid.front().t == 1000);
        CHECK(grid.back().t_prev == 0);
        for (size_t i = 0; i < grid.size(); ++i) {
            CHECK(grid[i].t > grid[i].t_prev);
            if (i) CHECK(grid[i].t == grid[i - 1].t_prev);
        }
    }
    const auto grid = log_snr_step_pairs(kLinear, 15);
    const double first = kLinear.half_log_snr(grid[0].t_prev) - kLinear.half_log_snr(grid[0].t);
    const double late = kLinear.half_log_snr(grid[10].t_prev) - kLinear.half_log_snr(grid[10].t);
    CHECK(late == doctest::Approx(first).epsilon(0.15));  // ~0.69 each, up to rounding to whole steps
}

TEST_CASE("DDPM: seeded runs reproduce, other seeds differ, and the spread matches the data") {
    const at::Tensor noise = at::randn({1, 4, 32, 32}, at::make_generator<at::CPUGeneratorImpl>(1));
    const at::Tensor mu = at::zeros({1, 4, 32, 32});
    const double s = 0.5;
    const DiffusionModel model = model_of(gaussian_data_denoiser(kLinear, mu, s));
    auto run = [&](uint64_t seed) {
        SeededNoise rng(seed);
        return sample(model, settings_of(SamplerKind::Ddpm, 100), request_of(noise), rng).samples;
    };
    const at::Tensor a = run(11), b = run(11), c = run(12);
    CHECK(at::equal(a, b));
    CHECK(!at::equal(a, c));
    // Ancestral sampling draws from the data distribution N(0, 0.25): 4096 values.
    CHECK(a.std().item<double>() == doctest::Approx(s).epsilon(0.08));
    // DDIM with eta = 1 is stochastic too and reproducible from the seed.
    SamplerSettings ddim = settings_of(SamplerKind::Ddim, 20);
    ddim.eta = 1.0;
    SeededNoise r1(4), r2(4);
    CHECK(at::equal(sample(model, ddim, request_of(noise), r1).samples,
                    sample(model, ddim, request_of(noise), r2).samples));
}

TEST_CASE("DDPM over all 1000 steps reproduces IVID's DdpmSampler (analytic denoiser, seeded draws)") {
    const std::string dir = std::string(IVID_FIXTURES_DIR) + "/ivid-ddpm-analytic/";
    const EpsModel net = [](const at::Tensor& x, const at::Tensor& t, const at::Tensor&) {
        return 0.3 * x + 0.1 * at::sin(2.0 * x) + t.to(at::kFloat).view({-1, 1, 1, 1}) * 1e-4;
    };
    SeededNoise rng(7);  // torch.manual_seed(7) before IVID's sample()
    const at::Tensor ours =
        sample(model_of(net), settings_of(SamplerKind::Ddpm, 1000), request_of(load_npy_tensor(dir + "noise.npy")), rng)
            .samples;
    const at::Tensor ref = load_npy_tensor(dir + "samples.npy");
    const double rel = max_abs(ours - ref) / max_abs(ref);
    MESSAGE("DDPM-1000 vs IVID: max |ours - ref| / max |ref| = " << rel);
    CHECK(rel <= 1e-4);  // the tolerance for complete sampling runs
}

TEST_CASE("guidance: one batched forward gives the numbers of two separate passes") {
    // A class-dependent denoiser; class -1 (null) adds nothing.
    const at::Tensor class_offsets = at::linspace(-0.5, 0.5, 10);
    int calls = 0;
    std::vector<int64_t> batch_sizes;
    const EpsModel net = [&](const at::Tensor& x, const at::Tensor& t, const at::Tensor& classes) {
        ++calls;
        batch_sizes.push_back(x.size(0));
        at::Tensor offset = at::zeros({x.size(0)});
        if (classes.defined()) {
            const at::Tensor valid = classes.ge(0);
            offset = class_offsets.index_select(0, classes.clamp_min(0)) * valid;
        }
        return 0.3 * x + at::sin(x * 2.0) * 0.1 + offset.view({-1, 1, 1, 1}) + t.to(at::kFloat).view({-1, 1, 1, 1}) * 1e-4;
    };
    const at::Tensor noise = at::randn({3, 4, 8, 8}, at::make_generator<at::CPUGeneratorImpl>(2));
    SampleRequest req = request_of(noise);
    req.classes = at::tensor(std::vector<int64_t>{3, -1, 9});
    DiffusionModel model = model_of(net);
    SamplerSettings settings = settings_of(SamplerKind::Ddim, 10, 3.0);
    ReplayNoise no_noise{at::Tensor(), at::Tensor(), at::Tensor()};

    const at::Tensor batched = sample(model, settings, req, no_noise).samples;
    CHECK(calls == 10);
    CHECK(batch_sizes.front() == 6);
    calls = 0;
    batch_sizes.clear();
    settings.batched_guidance = false;
    const SampleResult separate = sample(model, settings, req, no_noise);
    CHECK(calls == 20);
    CHECK(batch_sizes.front() == 3);
    CHECK(at::equal(batched, separate.samples));
    CHECK(separate.evaluations == 10 * 6);

    // Guidance changes the result for labelled samples only (class -1 guides towards itself).
    settings.guidance = 0.0;
    const at::Tensor unguided = sample(model, settings, req, no_noise).samples;
    CHECK(!at::equal(unguided[0], batched[0]));
    CHECK(max_abs(unguided[1] - batched[1]) <= 1e-4 * max_abs(batched[1]));
}

TEST_CASE("NaN or Inf from the denoiser stops sampling and names the step") {
    const EpsModel net = [](const at::Tensor& x, const at::Tensor& t, const at::Tensor&) {
        at::Tensor eps = 0.1 * x;
        if (t[0].item<int64_t>() == 699) eps[0][0][0][0] = NAN;  // the 4th step of 10 (t = 700)
        return eps;
    };
    const at::Tensor noise = at::randn({1, 4, 8, 8});
    int finished = 0;
    SampleControl control;
    control.on_step = [&](const StepProgress&) { ++finished; };
    ReplayNoise no_noise{at::Tensor(), at::Tensor(), at::Tensor()};
    const std::string msg = test::message_of(
        [&] { sample(model_of(net), settings_of(SamplerKind::Ddim, 10), request_of(noise), no_noise, control); });
    CHECK(test::contains(msg, "ddim step 4 of 10 (t = 700 -> 600)"));
    CHECK(test::contains(msg, "NaN/Inf"));
    CHECK(finished == 3);

    const EpsModel inf_net = [](const at::Tensor& x, const at::Tensor& t, const at::Tensor&) {
        return t[0].item<int64_t>() < 500 ? x * INFINITY : x * 0.1;
    };
    const std::string inf_msg = test::message_of(
        [&] { sample(model_of(inf_net), settings_of(SamplerKind::DpmSolver2M, 20), request_of(noise), no_noise); });
    CHECK(test::contains(inf_msg, "dpmpp_2m step "));
    CHECK(test::contains(inf_msg, " of 20 (t = "));
}

TEST_CASE("cancel flag stops before the next step; progress reports every step") {
    const at::Tensor noise = at::randn({2, 4, 8, 8});
    const DiffusionModel model = model_of(gaussian_data_denoiser(kLinear, at::zeros({2, 4, 8, 8}), 0.5));
    std::atomic<bool> cancel{false};
    std::vector<StepProgress> seen;
    SampleControl control;
    control.cancel = &cancel;
    control.on_step = [&](const StepProgress& p) {
        seen.push_back(p);
        REQUIRE(p.pred_x0 != nullptr);
        CHECK(p.pred_x0->sizes() == noise.sizes());
        if (p.step == 3) cancel = true;
    };
    ReplayNoise no_noise{at::Tensor(), at::Tensor(), at::Tensor()};
    bool cancelled = false;
    try {
        sample(model, settings_of(SamplerKind::Ddim, 10), request_of(noise), no_noise, control);
    } catch (const SamplingCancelled& e) {
        cancelled = true;
        CHECK(test::contains(e.what(), "cancelled before step 4 of 10"));
    }
    CHECK(cancelled);
    REQUIRE(seen.size() == 3);
    CHECK(seen[0].step == 1);
    CHECK(seen[0].t == 1000);
    CHECK(seen[2].t_prev == 700);
    CHECK(seen[2].evaluations == 6);

    cancel = false;
    seen.clear();
    control.on_step = [&](const StepProgress& p) { seen.push_back(p); };
    SampleRequest keep = request_of(noise);
    keep.keep_steps = true;
    const SampleResult r = sample(model, settings_of(SamplerKind::Ddim, 10), keep, no_noise, control);
    CHECK(seen.size() == 10);
    CHECK(seen.back().steps == 10);
    REQUIRE(r.pred_x0_steps.size() == 10);
    REQUIRE(r.pred_xt_steps.size() == 10);
    CHECK(at::equal(r.pred_xt_steps.back(), r.samples));
    CHECK(at::equal(r.pred_x0_steps.back(), r.samples));  // alpha_bar_prev = 1 on the last step
}

TEST_CASE("bad requests are errors naming what does not fit") {
    const DiffusionModel model = model_of(gaussian_data_denoiser(kLinear, at::zeros({2, 4, 8, 8}), 0.5));
    ReplayNoise no_noise{at::Tensor(), at::Tensor(), at::Tensor()};
    SampleRequest req = request_of(at::randn({2, 3, 8, 8}));
    CHECK(test::contains(test::message_of([&] { sample(model, SamplerSettings{}, req, no_noise); }), "[N, 4, H, W]"));
    req = request_of(at::randn({2, 4, 8, 8}));
    req.classes = at::tensor(std::vector<int64_t>{1, 2, 3});
    CHECK(test::contains(test::message_of([&] { sample(model, SamplerSettings{}, req, no_noise); }), "classes"));
    req.classes = at::Tensor();
    req.condition = InpaintCondition{at::zeros({2, 4, 8, 8}), at::ones({2, 1, 8, 8}), at::Tensor()};
    CHECK(test::contains(test::message_of([&] { sample(model, SamplerSettings{}, req, no_noise); }),
                         "not an InpaintCFG model"));
    req.condition.reset();
    SamplerSettings too_many;
    too_many.steps = 1001;
    CHECK(test::contains(test::message_of([&] { sample(model, too_many, req, no_noise); }), "found 1001"));
    SampleRequest no_noise_given;
    CHECK(test::contains(test::message_of([&] { sample(model, SamplerSettings{}, no_noise_given, no_noise); }),
                         "sample shape"));
}

TEST_CASE("no initial noise given: x_T comes from the noise source") {
    const DiffusionModel model = model_of(gaussian_data_denoiser(kLinear, at::zeros({2, 4, 8, 8}), 0.5));
    SampleRequest req;
    req.shape = {2, 4, 8, 8};
    SeededNoise a(21), b(21);
    const at::Tensor first = sample(model, settings_of(SamplerKind::Ddim, 5), req, a).samples;
    CHECK(at::equal(first, sample(model, settings_of(SamplerKind::Ddim, 5), req, b).samples));
    SeededNoise c(21);
    CHECK(at::equal(c.initial({2, 4, 8, 8}), at::randn({2, 4, 8, 8}, at::make_generator<at::CPUGeneratorImpl>(21))));
}

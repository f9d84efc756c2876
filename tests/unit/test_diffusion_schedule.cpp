// Noise schedules against IVID's float64 tables (fixtures), the DDIM timestep grid, and sampler
// settings (JSON round trip, unknown names and bad values on purpose).
#include <cmath>
#include <string>

#include "core/diffusion/noise_schedule.hpp"
#include "core/diffusion/sampler_settings.hpp"
#include "core/image/npy.hpp"
#include "core/util/error.hpp"
#include "tests/test_support.hpp"

#include <doctest/doctest.h>  // after the torch-side headers: glog's CHECK would replace doctest's

using namespace ivid;
using namespace ivid::diffusion;
using ivid::test::message_of;

namespace {

const std::string kSchedule = std::string(IVID_FIXTURES_DIR) + "/ivid-torch/schedule/";

std::vector<double> fixture_table(const std::string& name) {
    return load_npy(kSchedule + name + ".npy").as_double();
}

// Largest |ours - ref| / |ref| over the table.
double max_rel_diff(const std::vector<double>& ref, const std::function<double(int)>& ours) {
    double worst = 0;
    for (size_t i = 0; i < ref.size(); ++i)
        worst = std::max(worst, std::fabs(ours(int(i)) - ref[i]) / std::fabs(ref[i]));
    return worst;
}

}  // namespace

TEST_CASE("linear schedule equals IVID's float64 tables") {
    const NoiseSchedule s(BetaSchedule::Linear, 1000);
    REQUIRE(s.timesteps() == 1000);
    const auto betas = fixture_table("betas");
    REQUIRE(betas.size() == 1000);
    // Same float64 operations in the same order as numpy: equal to the last bit, allow 1 ulp.
    const double tol = 4e-16;
    CHECK(max_rel_diff(betas, [&](int i) { return s.betas()[size_t(i)]; }) <= tol);
    CHECK(max_rel_diff(fixture_table("alphas_cumprod"), [&](int i) { return s.alpha_bar(i + 1); }) <= tol);
    // alphas_cumprod_prev[i] is alpha_bar after i steps (1 for i = 0).
    CHECK(max_rel_diff(fixture_table("alphas_cumprod_prev"), [&](int i) { return s.alpha_bar(i); }) <= tol);
    CHECK(max_rel_diff(fixture_table("sqrt_recip_alphas_cumprod"),
                       [&](int i) { return s.sqrt_recip_alpha_bar(i + 1); }) <= tol);
    CHECK(max_rel_diff(fixture_table("sqrt_recipm1_alphas_cumprod"),
                       [&](int i) { return s.sqrt_recipm1_alpha_bar(i + 1); }) <= tol);
}

TEST_CASE("cosine schedule follows the squared-cosine alpha_bar and clips beta at 0.999") {
    const NoiseSchedule s(BetaSchedule::Cosine, 1000);
    const double pi = std::acos(-1.0);
    auto f = [pi](double t) { return std::pow(std::cos((t + 0.008) / 1.008 * pi / 2), 2); };
    // Unclipped steps reproduce alpha_bar(t)/alpha_bar(0) up to float64 accumulation error.
    for (int t : {1, 10, 250, 500, 900})
        CHECK(std::fabs(s.alpha_bar(t) - f(t / 1000.0) / f(0)) <= 1e-12);
    CHECK(s.betas().back() == doctest::Approx(0.999));
    for (double b : s.betas()) CHECK((b > 0 && b <= 0.999));
}

TEST_CASE("linear betas scale with 1000/T") {
    const NoiseSchedule s(BetaSchedule::Linear, 100);
    CHECK(s.betas().front() == doctest::Approx(1e-3).epsilon(1e-14));
    CHECK(s.betas().back() == doctest::Approx(0.2).epsilon(1e-14));
}

TEST_CASE("DDIM grid: jump = T / steps, first step below T when steps does not divide T") {
    auto pairs = step_pairs(1000, 10);
    REQUIRE(pairs.size() == 10);
    CHECK(pairs.front().t == 1000);
    CHECK(pairs.front().t_prev == 900);
    CHECK(pairs.back().t == 100);
    CHECK(pairs.back().t_prev == 0);
    // The fixture README's example: S = 7 runs 994, 852, ..., 142.
    pairs = step_pairs(1000, 7);
    REQUIRE(pairs.size() == 7);
    CHECK(pairs[0].t == 994);
    CHECK(pairs[1].t == 852);
    CHECK(pairs[6].t == 142);
    CHECK(pairs[6].t_prev == 0);
    CHECK(step_pairs(1000, 1000).front().t == 1000);
    CHECK(message_of([] { step_pairs(1000, 0); }).find("steps: expected 1..1000, found 0") != std::string::npos);
    CHECK(message_of([] { step_pairs(1000, 1001); }).find("found 1001") != std::string::npos);
}

TEST_CASE("schedule names: unknown names are errors naming the value") {
    CHECK(parse_beta_schedule("linear") == BetaSchedule::Linear);
    CHECK(parse_beta_schedule("cosine") == BetaSchedule::Cosine);
    CHECK(beta_schedule_name(BetaSchedule::Cosine) == "cosine");
    CHECK(message_of([] { parse_beta_schedule("quadratic"); }).find("\"quadratic\"") != std::string::npos);
    CHECK(message_of([] { NoiseSchedule(BetaSchedule::Linear, 0); }).find("timesteps") != std::string::npos);
}

TEST_CASE("sampler settings: JSON round trip, defaults, bad names and values") {
    SamplerSettings s;
    s.sampler = SamplerKind::DpmSolver2M;
    s.steps = 20;
    s.eta = 0.5;
    s.guidance = 1.5;
    s.batched_guidance = false;
    s.clip_denoised = true;
    const SamplerSettings back = sampler_settings_from_json(to_json(s), "mem");
    CHECK(back.sampler == SamplerKind::DpmSolver2M);
    CHECK(back.steps == 20);
    CHECK(back.eta == 0.5);
    CHECK(back.guidance == 1.5);
    CHECK(back.batched_guidance == false);
    CHECK(back.clip_denoised == true);
    CHECK(SamplerSettings{}.clip_denoised == false);  // IVID's samplers do not clip
    CHECK(message_of([] { sampler_settings_from_json({{"clip_denoised", 1}}, "s.json"); }).find("clip_denoised") != std::string::npos);

    const SamplerSettings partial = sampler_settings_from_json({{"sampler", "ddpm"}}, "mem");
    CHECK(partial.sampler == SamplerKind::Ddpm);
    CHECK(partial.steps == SamplerSettings{}.steps);

    for (const char* name : {"ddpm", "ddim", "dpmpp_2m"})
        CHECK(sampler_kind_name(parse_sampler_kind(name)) == name);
    CHECK(message_of([] { parse_sampler_kind("euler"); }).find("\"euler\"") != std::string::npos);
    const std::string bad_name = message_of([] { sampler_settings_from_json({{"sampler", "plms"}}, "s.json"); });
    CHECK(bad_name.find("s.json") != std::string::npos);
    CHECK(bad_name.find("plms") != std::string::npos);
    CHECK(message_of([] { sampler_settings_from_json({{"steps", "ten"}}, "s.json"); }).find("steps") != std::string::npos);
    CHECK(message_of([] { sampler_settings_from_json({{"stepz", 5}}, "s.json"); }).find("stepz") != std::string::npos);
    CHECK(message_of([] { sampler_settings_from_json(nlohmann::json::array(), "s.json"); }).find("object") != std::string::npos);

    SamplerSettings bad;
    bad.steps = 0;
    CHECK(message_of([&] { bad.validate(1000); }).find("steps") != std::string::npos);
    bad = SamplerSettings{};
    bad.eta = -1;
    CHECK(message_of([&] { bad.validate(1000); }).find("eta") != std::string::npos);
    bad = SamplerSettings{};
    bad.guidance = NAN;
    CHECK(message_of([&] { bad.validate(1000); }).find("guidance") != std::string::npos);
    CHECK(message_of([] { SamplerSettings{}.validate(1000); }).empty());
}

// fixture-check runner for "forward" cases (sets with forward_cases, e.g. ivid-torch): one
// AdmUnet2d forward pass with the case's model, inputs and reference output. Tolerance (issue 4):
// elementwise |ours - ref| <= 1e-5 + 1e-5 * |ref|.
#include <cstdio>
#include <map>
#include <memory>

#include <ATen/ATen.h>

#include "core/diffusion/tensor_npy.hpp"
#include "core/nn/adm_unet.hpp"
#include "core/nn/compute_device.hpp"
#include "core/nn/tensor_difference.hpp"
#include "tests/fixture_check/fixture_check.hpp"

namespace ivid::fixture {
namespace {

constexpr double kAtol = 1e-5, kRtol = 1e-5;

// Models are loaded once per set and model name (several cases share one).
const nn::AdmUnet& model(const FixtureSet& set, const std::string& name) {
    static std::map<std::string, std::unique_ptr<nn::AdmUnet>> cache;
    const std::string key = (set.dir() / name).string();
    auto& slot = cache[key];
    if (!slot) {
        const auto& entry = set.manifest().at("models").at(name);
        const auto config = nn::load_model_config(set.dir() / entry.at("config").get<std::string>());
        slot = std::make_unique<nn::AdmUnet>(
            nn::load_adm_unet(config, set.dir() / entry.at("checkpoint").get<std::string>()));
    }
    return *slot;
}

void run_forward(const FixtureSet& set, const nlohmann::json& c, Report& report) {
    nn::set_compute_threads();
    const auto& inputs = c.at("inputs");
    auto tensor = [&](const std::string& file) { return diffusion::load_npy_tensor(set.dir() / file); };
    const at::Tensor classes = inputs.contains("classes") ? tensor(inputs["classes"]) : at::Tensor();
    const at::Tensor out = model(set, c.at("model")).forward(tensor(inputs.at("x")), tensor(inputs.at("t")), classes);
    const auto d = nn::tensor_difference(out, tensor(c.at("output")), kAtol, kRtol);
    char info[96];
    std::snprintf(info, sizeof info, "max abs %.3g, max rel %.3g (|ref| >= 1e-3), max |ref| %.3g", d.max_abs,
                  d.max_rel, d.ref_abs_max);
    std::printf("  %s\n", info);
    report.at_most("max |ours-ref| / (1e-5 + 1e-5*|ref|)", d.allclose_ratio, 1.0);
}

CaseRegistration forward_cases("forward", run_forward);

}  // namespace
}  // namespace ivid::fixture

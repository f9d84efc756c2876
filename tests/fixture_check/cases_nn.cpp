// fixture-check runner for "forward" cases (sets with forward_cases, e.g. ivid-torch): one
// AdmUnet2d forward pass with the case's model, inputs and reference output. Tolerance (issue 4):
// elementwise |ours - ref| <= 1e-5 + 1e-5 * |ref|.
#include <cstdio>

#include <ATen/ATen.h>

#include "core/diffusion/tensor_npy.hpp"
#include "core/nn/compute_device.hpp"
#include "core/nn/tensor_difference.hpp"
#include "tests/fixture_check/fixture_models.hpp"

namespace ivid::fixture {
namespace {

constexpr double kAtol = 1e-5, kRtol = 1e-5;

void run_forward(const FixtureSet& set, const nlohmann::json& c, Report& report) {
    nn::set_compute_threads();
    const auto& inputs = c.at("inputs");
    auto tensor = [&](const std::string& file) { return diffusion::load_npy_tensor(set.dir() / file); };
    const at::Tensor classes = inputs.contains("classes") ? tensor(inputs["classes"]) : at::Tensor();
    const nn::AdmUnet& unet = fixture_model(set, c.at("model")).unet;
    const at::Tensor out = unet.forward(tensor(inputs.at("x")), tensor(inputs.at("t")), classes);
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

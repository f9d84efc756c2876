// fixture-check runners for "forward" cases (ivid-torch's and ivid-sr's schemas): one AdmUnet2d
// forward pass with the case's model, inputs and reference output, on the eager reference and on
// the path sampling takes (nn::UnetInference: the fast path, or eager with IVID_UNET_PATH=eager),
// on the device the set was opened for (where the fast path does not apply, both are eager).
// Tolerance (issue 4): elementwise |ours - ref| <= 1e-5 + 1e-5 * |ref|.
#include <cstdio>

#include <ATen/ATen.h>

#include "core/diffusion/tensor_npy.hpp"
#include "core/nn/compute_device.hpp"
#include "core/nn/tensor_difference.hpp"
#include "core/nn/unet_inference.hpp"
#include "tests/fixture_check/fixture_models.hpp"

namespace ivid::fixture {
namespace {

constexpr double kAtol = 1e-5, kRtol = 1e-5;

void check_forward(Report& report, const nn::AdmUnet& unet, const at::Tensor& x, const at::Tensor& t,
                   const at::Tensor& classes, const at::Tensor& ref) {
    nn::set_compute_threads();
    // Both paths against IVID's numbers: the eager reference (AdmUnet::forward) and the path
    // sampling takes. This is the only harness that runs these cases (test_nn_unet leaves them here),
    // so neither path is held to IVID only through the other.
    const c10::Device device = unet.device();
    for (const nn::UnetPath path : {nn::UnetPath::Eager, nn::default_unet_path()}) {
        const at::Tensor out =
            nn::UnetInference(unet, path).forward(x.to(device), t.to(device), classes.defined() ? classes.to(device) : classes).cpu();
        const auto d = nn::tensor_difference(out, ref, kAtol, kRtol);
        char info[96];
        std::snprintf(info, sizeof info, "max abs %.3g, max rel %.3g (|ref| >= 1e-3), max |ref| %.3g", d.max_abs,
                      d.max_rel, d.ref_abs_max);
        std::printf("  %s: %s\n", nn::unet_path_name(path).c_str(), info);
        report.at_most(nn::unet_path_name(path) + ": max |ours-ref| / (1e-5 + 1e-5*|ref|)", d.allclose_ratio, 1.0);
    }
}

at::Tensor tensor_at(const FixtureSet& set, const nlohmann::json& file) {
    return diffusion::load_npy_tensor(set.dir() / file.get<std::string>());
}

// ivid-torch schema: {model, inputs: {x, t, classes?}, output}.
void run_forward(const FixtureSet& set, const nlohmann::json& c, Report& report) {
    const auto& in = c.at("inputs");
    const at::Tensor classes = in.contains("classes") ? tensor_at(set, in["classes"]) : at::Tensor();
    check_forward(report, fixture_model(set, c.at("model")).unet, tensor_at(set, in.at("x")),
                  tensor_at(set, in.at("t")), classes, tensor_at(set, c.at("output")));
}

// ivid-sr schema: the set's one model; {x, t, classes (or null), out}. x already holds the 8
// channels (x_t and the upsampled low-res image).
void run_superres_forward(const FixtureSet& set, const nlohmann::json& c, Report& report) {
    const at::Tensor classes = c.at("classes").is_null() ? at::Tensor() : tensor_at(set, c["classes"]);
    check_forward(report, single_fixture_model(set).unet, tensor_at(set, c.at("x")), tensor_at(set, c.at("t")),
                  classes, tensor_at(set, c.at("out")));
}

CaseRegistration forward_cases("forward", run_forward);
CaseRegistration superres_forward_cases("SuperResCFG/forward", run_superres_forward);

}  // namespace
}  // namespace ivid::fixture

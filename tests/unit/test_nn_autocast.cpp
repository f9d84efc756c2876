// Mixed-precision forwards: bf16 autocast on the CPU (and fp16 on CUDA, on a CUDA build with a GPU)
// against the float32 forward of an IVID fixture model, the autocast state around a call, and the
// modes a CPU refuses.
#include <ATen/ATen.h>
#include <ATen/autocast_mode.h>

#include "core/diffusion/tensor_npy.hpp"
#include "core/nn/adm_unet.hpp"
#include "core/nn/autocast.hpp"
#include "core/nn/compute_device.hpp"
#include "tests/float_tolerance.hpp"
#include "tests/test_support.hpp"

#include <doctest/doctest.h>  // after the torch headers: glog defines its own CHECK

using namespace ivid::nn;
using ivid::test::contains;
using ivid::test::message_of;

namespace {
const std::string kModels = IVID_FIXTURES_DIR "/ivid-torch/models/";
const std::string kCase = IVID_FIXTURES_DIR "/ivid-torch/forward/fwd_uncond_a/";
AdmUnet fixture_model() {
    return load_adm_unet(load_model_config(kModels + "uncond_rgbd.json"), kModels + "uncond_rgbd.pt");
}

// Turns bf16 autocast on; false when this CPU's kernels cannot run it (oneDNN needs AVX-512),
// after checking that the refusal is the clear error it must be.
bool bf16_available(AdmUnet& net) {
    const std::string refused = message_of([&] { net.set_autocast(Autocast::Bf16); });
    if (refused.empty()) return true;
    DOCTEST_CHECK(contains(refused, "autocast bf16: this CPU's kernels cannot run bf16 convolutions"));
    DOCTEST_CHECK((net.autocast() == Autocast::None));
    MESSAGE("bf16 autocast refused on this CPU: " << refused);
    return false;
}
}  // namespace

TEST_CASE("bf16 autocast on the CPU: float32 outputs close to, but not equal to, the float32 forward") {
    set_compute_threads();
    AdmUnet net = fixture_model();
    const at::Tensor x = ivid::diffusion::load_npy_tensor(kCase + "x.npy");
    const at::Tensor t = ivid::diffusion::load_npy_tensor(kCase + "t.npy");
    const at::Tensor classes = ivid::diffusion::load_npy_tensor(kCase + "classes.npy");
    const at::Tensor reference = net.forward(x, t, classes);

    if (!bf16_available(net)) return;
    DOCTEST_CHECK((net.autocast() == Autocast::Bf16));
    const at::Tensor mixed = net.forward(x, t, classes);
    DOCTEST_CHECK((mixed.scalar_type() == at::kFloat));
    DOCTEST_CHECK((mixed.sizes() == reference.sizes()));
    const double max_diff = (mixed - reference).abs().max().item<double>();
    const double max_ref = reference.abs().max().item<double>();
    MESSAGE("bf16 vs float32: max |diff| " << max_diff << ", max |ref| " << max_ref << ", ratio " << max_diff / max_ref);
    // Every convolution and product rounds its operands to bf16: at most 2^-8 relative error per
    // layer on the network's longest path (tests/float_tolerance.hpp), relative to max |ref|.
    const double tolerance = ivid::test::autocast_chain_error(
        ivid::test::adm_unet_reductions(load_model_config(kModels + "uncond_rgbd.json").backbone), ivid::test::kBfloat16Roundoff);
    CAPTURE(tolerance);
    DOCTEST_CHECK(max_diff / max_ref < tolerance);
    DOCTEST_CHECK(max_diff > 0.0);  // bit-identical would mean autocast never acted

    // Switching back gives the float32 numbers exactly: nothing of the bf16 run stays behind.
    net.set_autocast(Autocast::None);
    DOCTEST_CHECK(at::equal(net.forward(x, t, classes), reference));
}

TEST_CASE("a forward restores the autocast state it found") {
    AdmUnet net = fixture_model();
    if (!bf16_available(net)) return;
    const at::Tensor x = at::randn({1, 4, 32, 32}), t = at::full({1}, 5, at::kLong);

    DOCTEST_REQUIRE(!at::autocast::is_cpu_enabled());
    at::autocast::set_autocast_gpu_dtype(at::kBFloat16);  // not the default fp16, to see it kept
    net.forward(x, t);
    DOCTEST_CHECK(!at::autocast::is_cpu_enabled());
    DOCTEST_CHECK((at::autocast::get_autocast_cpu_dtype() == at::kBFloat16));  // the only CPU dtype LibTorch allows
    DOCTEST_CHECK(!at::autocast::is_enabled());  // the CUDA state was never touched
    DOCTEST_CHECK((at::autocast::get_autocast_gpu_dtype() == at::kBFloat16));
    at::autocast::set_autocast_gpu_dtype(at::kHalf);

    // Inside an enclosing autocast region the call leaves it enabled.
    at::autocast::set_cpu_enabled(true);
    net.forward(x, t);
    DOCTEST_CHECK(at::autocast::is_cpu_enabled());
    at::autocast::set_cpu_enabled(false);
}

TEST_CASE("fp16 autocast on the CPU and unknown modes are errors naming the option") {
    AdmUnet net = fixture_model();
    const std::string refused = message_of([&] { net.set_autocast(Autocast::Fp16); });
    DOCTEST_CHECK(contains(refused, "autocast fp16: expected a CUDA device"));
    DOCTEST_CHECK(contains(refused, "found \"cpu\""));
    DOCTEST_CHECK((net.autocast() == Autocast::None));
    DOCTEST_CHECK(contains(message_of([] { AutocastGuard g(Autocast::Fp16, c10::Device(c10::kCPU)); }),
                           "autocast fp16"));
    DOCTEST_CHECK(!at::autocast::is_cpu_enabled());

    DOCTEST_CHECK((parse_autocast("none", "--autocast") == Autocast::None));
    DOCTEST_CHECK((parse_autocast("fp16", "--autocast") == Autocast::Fp16));
    DOCTEST_CHECK((parse_autocast("bf16", "--autocast") == Autocast::Bf16));
    DOCTEST_CHECK(autocast_name(Autocast::Bf16) == "bf16");
    DOCTEST_CHECK(message_of([] { parse_autocast("fp8", "--autocast"); }) ==
                  "--autocast: expected \"none\", \"fp16\" or \"bf16\", found \"fp8\"");
}

TEST_CASE("fp16 autocast on CUDA: close to IVID's float32 output (CUDA builds with a GPU only)") {
    if (!at::hasCUDA()) {
        MESSAGE("no CUDA device: skipped (tests/cuda runs it on a CUDA build)");
        return;
    }
    AdmUnet net = fixture_model();
    net.to(select_device("cuda"));
    const auto input = [](const char* name) { return ivid::diffusion::load_npy_tensor(kCase + name).to(at::kCUDA); };
    const at::Tensor reference = ivid::diffusion::load_npy_tensor(kCase + "out.npy");
    net.set_autocast(Autocast::Fp16);
    const at::Tensor mixed = net.forward(input("x.npy"), input("t.npy"), input("classes.npy"));
    DOCTEST_CHECK((mixed.scalar_type() == at::kFloat));
    DOCTEST_CHECK(mixed.is_cuda());
    const double max_diff = (mixed.cpu() - reference).abs().max().item<double>();
    const double max_ref = reference.abs().max().item<double>();
    MESSAGE("fp16 on CUDA vs IVID float32: max |diff| / max |ref| " << max_diff / max_ref);
    const double tolerance = ivid::test::autocast_chain_error(
        ivid::test::adm_unet_reductions(load_model_config(kModels + "uncond_rgbd.json").backbone), ivid::test::kFloat16Roundoff);
    CAPTURE(tolerance);
    DOCTEST_CHECK(max_diff / max_ref < tolerance);
    DOCTEST_CHECK(max_diff > 0.0);
}

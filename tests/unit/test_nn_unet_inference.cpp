// The U-Net inference fast path (core/nn/unet_inference.hpp) against AdmUnet's eager reference:
// same results up to float32 rounding, the same errors, eager where the fast path does not apply,
// and the network's current weights after they change.
#include <cstdlib>

#include <ATen/ATen.h>
#include <nlohmann/json.hpp>

#include "core/diffusion/tensor_npy.hpp"
#include "core/nn/adm_unet.hpp"
#include "core/nn/tensor_difference.hpp"
#include "core/nn/unet_inference.hpp"
#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"
#include "tests/float_tolerance.hpp"
#include "tests/test_support.hpp"

#include <doctest/doctest.h>  // after the torch headers: glog defines its own CHECK

using namespace ivid::nn;
using ivid::diffusion::load_npy_tensor;

namespace {
const std::string kTorch = IVID_FIXTURES_DIR "/ivid-torch/";
const std::string kTiny = IVID_FIXTURES_DIR "/checkpoints/";

// The fast path computes the same function with another kernel for the large 3x3 convolutions
// (oneDNN on weights prepacked into its blocked layout: another blocking, so another summation
// order of the same 9·C_in products) and, as LibTorch does for a batch, may pick other kernels
// than the eager pass. Each reduction still sums the same K terms in float32, so the model of
// tests/float_tolerance.hpp holds: each pass is within u·ΣK of the exact value relative to the
// output's magnitude, two passes within twice that (adm_unet_pair_tolerance). Nothing here
// depends on the BLAS or oneDNN kernels of the machine (the suite reruns under other core types).
void check_fast_matches_eager(const AdmUnet& net, const at::Tensor& x, const at::Tensor& t, const at::Tensor& classes) {
    const UnetInference fast(net, UnetPath::Fast);
    DOCTEST_REQUIRE(fast.uses_fast_path());
    const at::Tensor eager = net.forward(x, t, classes), out = fast.forward(x, t, classes);
    DOCTEST_REQUIRE((out.sizes() == eager.sizes()));
    DOCTEST_CHECK((out.scalar_type() == at::kFloat));
    DOCTEST_CHECK(out.is_contiguous());
    const double tol = ivid::test::adm_unet_pair_tolerance(net.config()) * eager.abs().max().item<double>();
    const auto d = tensor_difference(out, eager, tol, 0);
    CAPTURE(d.max_abs);
    CAPTURE(tol);
    DOCTEST_CHECK(d.allclose_ratio <= 1.0);
}
}  // namespace

TEST_CASE("fast path equals the eager forward up to float32 rounding: tiny model, batches of 1 and 3") {
    const ModelConfig config = load_model_config(kTiny + "tiny_unet.json");
    const AdmUnet net = load_adm_unet(config, kTiny + "tiny_unet.pt");
    const at::Tensor x = load_npy_tensor(kTiny + "tiny_unet_x.npy"), t = load_npy_tensor(kTiny + "tiny_unet_t.npy");
    const at::Tensor classes = load_npy_tensor(kTiny + "tiny_unet_classes.npy");
    check_fast_matches_eager(net, x, t, classes);
    check_fast_matches_eager(net, x.narrow(0, 1, 1), t.narrow(0, 1, 1), classes.narrow(0, 1, 1));
    check_fast_matches_eager(net, x, t, at::Tensor());
}

TEST_CASE("fast path on IVID's fixture models: several heads, skip convolutions, up and down blocks") {
    for (const char* name : {"cond_rgbd", "uncond_rgbd"}) {
        CAPTURE(name);
        const ModelConfig config = load_model_config(kTorch + "models/" + name + ".json");
        AdmUnet net(config.backbone, name);
        net.randomize(7);  // nothing zero, so every layer shows in the output
        const int64_t n = 2, size = config.backbone.image_size;
        const at::Tensor x = at::randn({n, config.backbone.in_channels, size, size});
        const at::Tensor t = at::tensor({3, 870}, at::kLong);
        const at::Tensor classes = config.backbone.num_classes ? at::tensor({-1, 2}, at::kLong) : at::Tensor();
        check_fast_matches_eager(net, x, t, classes);
        check_fast_matches_eager(net, x.narrow(0, 1, 1), t.narrow(0, 1, 1),
                                 classes.defined() ? classes.narrow(0, 1, 1) : classes);
    }
}

TEST_CASE("fast path with prepacked convolution weights (a wide network, as IVID's ImageNet models)") {
    nlohmann::json doc = ivid::parse_json_file(kTiny + "tiny_unet.json");
    auto& args = doc["backbone"]["args"];
    args["model_channels"] = 256;  // 3x3 weights of 256x256x9 elements: prepacked
    args["num_groups"] = 32;
    args["num_head_channels"] = 64;
    const ModelConfig config = parse_model_config(doc, "wide.json");
    AdmUnet net(config.backbone, "wide.json");
    net.randomize(3);
    const UnetInference fast(net, UnetPath::Fast);
    const at::Tensor x = at::randn({2, 4, 8, 8}), t = at::tensor({1, 500}, at::kLong);
    fast.forward(x.narrow(0, 0, 1), t.narrow(0, 0, 1));
    DOCTEST_CHECK(fast.packed_convolutions() > 0);
    check_fast_matches_eager(net, x, t, at::tensor({2, -1}, at::kLong));
    check_fast_matches_eager(net, x.narrow(0, 0, 1), t.narrow(0, 0, 1), at::Tensor());
}

TEST_CASE("fast path follows the network's weights when they change after the first forward") {
    const ModelConfig config = load_model_config(kTiny + "tiny_unet.json");
    AdmUnet net(config.backbone, "tiny");
    const UnetInference fast(net, UnetPath::Fast);
    const at::Tensor x = at::randn({1, 4, 8, 8}), t = at::tensor({5}, at::kLong);
    const at::Tensor before = fast.forward(x, t);
    net.load_state_dict(read_checkpoint(kTiny + "tiny_unet.pt"), "tiny_unet.pt");
    const at::Tensor after = fast.forward(x, t), eager = net.forward(x, t);
    DOCTEST_CHECK(!at::allclose(before, after));
    const double tol = ivid::test::adm_unet_pair_tolerance(config.backbone) * eager.abs().max().item<double>();
    DOCTEST_CHECK(tensor_difference(after, eager, tol, 0).allclose_ratio <= 1.0);
}

TEST_CASE("eager where the fast path does not apply; the same errors as the eager forward") {
    const ModelConfig config = load_model_config(kTiny + "tiny_unet.json");
    AdmUnet net(config.backbone, "tiny_unet.json");
    const at::Tensor x = at::randn({2, 4, 8, 8}), t = at::tensor({5, 9}, at::kLong);
    const UnetInference eager(net, UnetPath::Eager);
    DOCTEST_CHECK(!eager.uses_fast_path());
    DOCTEST_CHECK(at::equal(eager.forward(x, t), net.forward(x, t)));
    const UnetInference fast(net, UnetPath::Fast);
    net.set_training(true);  // training keeps autograd: the reference forward
    DOCTEST_CHECK(!fast.uses_fast_path());
    net.set_training(false);
    DOCTEST_CHECK(fast.uses_fast_path());

    DOCTEST_CHECK_THROWS_WITH_AS(fast.forward(at::randn({2, 3, 8, 8}), t), doctest::Contains("input x: expected a float tensor [N, 4, H, W]"),
                         ivid::Error);
    DOCTEST_CHECK_THROWS_WITH_AS(fast.forward(at::randn({2, 4, 7, 7}), t), doctest::Contains("multiples of 2"), ivid::Error);
    DOCTEST_CHECK_THROWS_WITH_AS(fast.forward(x, at::tensor({5}, at::kLong)), doctest::Contains("timesteps t: expected integers of shape [2]"),
                         ivid::Error);
    DOCTEST_CHECK_THROWS_WITH_AS(fast.forward(x, t, at::tensor({0, 3}, at::kLong)), doctest::Contains("class id out of range"),
                         ivid::Error);
}

TEST_CASE("path names; IVID_UNET_PATH chooses the default") {
    DOCTEST_CHECK(parse_unet_path("eager", "--path") == UnetPath::Eager);
    DOCTEST_CHECK(parse_unet_path("fast", "--path") == UnetPath::Fast);
    DOCTEST_CHECK_THROWS_WITH_AS(parse_unet_path("quick", "--path"), doctest::Contains("--path: expected \"eager\" or \"fast\", found \"quick\""),
                         ivid::Error);
    DOCTEST_CHECK(unet_path_name(UnetPath::Eager) == "eager");
    const char* saved = std::getenv("IVID_UNET_PATH");
    const std::string previous = saved ? saved : "";
    setenv("IVID_UNET_PATH", "eager", 1);
    DOCTEST_CHECK(default_unet_path() == UnetPath::Eager);
    setenv("IVID_UNET_PATH", "sideways", 1);
    DOCTEST_CHECK_THROWS_WITH_AS(default_unet_path(), doctest::Contains("IVID_UNET_PATH"), ivid::Error);
    unsetenv("IVID_UNET_PATH");
    DOCTEST_CHECK(default_unet_path() == UnetPath::Fast);
    if (saved) setenv("IVID_UNET_PATH", previous.c_str(), 1);
}

TEST_CASE("on CUDA the inference path is the eager forward (CUDA builds with a GPU only)") {
    if (!at::hasCUDA()) {
        MESSAGE("no CUDA device: skipped (tests/cuda runs it on a CUDA build)");
        return;
    }
    const ModelConfig config = load_model_config(kTiny + "tiny_unet.json");
    AdmUnet net = load_adm_unet(config, kTiny + "tiny_unet.pt");
    net.to(at::Device(at::kCUDA));
    const UnetInference fast(net, UnetPath::Fast);
    DOCTEST_CHECK(!fast.uses_fast_path());
    const at::Tensor x = load_npy_tensor(kTiny + "tiny_unet_x.npy").cuda(), t = load_npy_tensor(kTiny + "tiny_unet_t.npy").cuda();
    const at::Tensor out = fast.forward(x, t);
    DOCTEST_CHECK(out.is_cuda());
    DOCTEST_CHECK(at::equal(out, net.forward(x, t)));
    DOCTEST_CHECK(fast.packed_convolutions() == 0);
}

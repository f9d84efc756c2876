// The conditional and super-resolution models' inputs, IVID's x0 corrections with their step rules, the
// super-resolution back-projection, guidance arithmetic and framework rules, and the noise sources (seeded recipe and replay), checked with
// small hand-made tensors whose expected values are written out.
#include <ATen/CPUGeneratorImpl.h>

#include "core/diffusion/guidance.hpp"
#include "core/diffusion/inpaint_condition.hpp"
#include "core/diffusion/noise_source.hpp"
#include "core/diffusion/superres_condition.hpp"
#include "core/diffusion/x0_corrections.hpp"
#include "tests/test_support.hpp"

#include <doctest/doctest.h>  // after the torch-side headers: glog's CHECK would replace doctest's

using namespace ivid;
using namespace ivid::diffusion;
using test::contains;
using test::message_of;

namespace {

// [1, C, 1, 2] tensor from per-channel pixel pairs.
at::Tensor pixels(std::vector<float> values, int64_t channels) {
    return at::tensor(values).view({1, channels, 1, 2});
}

}  // namespace

TEST_CASE("conditional input: channel order and noise only where the condition is unknown") {
    const at::Tensor x = pixels({1, 2, 3, 4, 5, 6, 7, 8}, 4);
    const at::Tensor y = pixels({0.1f, 0.2f, 0.3f, 0.4f, 0.5f, 0.6f, 0.7f, 0.8f}, 4);
    const at::Tensor mask = pixels({1, 1}, 1), mask_rgb = pixels({1, 0}, 1);  // pixel 1: depth only
    const CondFillNoise fill{pixels({-1, -2, -3, -4, -5, -6}, 3), pixels({-7, -8}, 1)};
    const InpaintCondition cond{y, mask, mask_rgb};
    REQUIRE(cond.input_channels() == 10);
    const at::Tensor in = make_cond_input(x, cond, fill);
    REQUIRE(in.sizes() == at::IntArrayRef({1, 10, 1, 2}));
    const at::Tensor expected = pixels({1, 2, 3, 4, 5, 6, 7, 8,    // x_t
                                        1, 0,                      // mask_rgb
                                        0.1f, -2, 0.3f, -4, 0.5f, -6,  // rgb: y where mask_rgb, noise elsewhere
                                        0.7f, 0.8f,                // depth: known at both pixels
                                        1, 1},                     // mask
                                       10);
    CHECK(at::equal(in, expected));

    // Without mask_rgb: 9 channels, mask serves for colour too.
    const InpaintCondition nine{y, pixels({0, 1}, 1), at::Tensor()};
    REQUIRE(nine.input_channels() == 9);
    const at::Tensor in9 = make_cond_input(x, nine, fill);
    CHECK(at::equal(in9, pixels({1, 2, 3, 4, 5, 6, 7, 8, -1, 0.2f, -3, 0.4f, -5, 0.6f, -7, 0.8f, 0, 1}, 9)));

    CHECK(contains(message_of([&] { InpaintCondition{y, pixels({1, 1, 1, 1}, 2), at::Tensor()}.validate(1, 1, 2); }),
                   "condition mask: expected [1, 1, 1, 2], found [1, 2, 1, 2]"));
}

TEST_CASE("super-resolution input: x_t, then the low-res image upsampled bilinearly (align_corners false)") {
    // One row of two pixels a, b upsampled x2: source x = (i + 0.5) / 2 - 0.5, clamped at the
    // border, gives a, 0.75a + 0.25b, 0.25a + 0.75b, b.
    const at::Tensor y = pixels({0, 4, 1, -1, 2, 2, -4, 8}, 4);
    const at::Tensor x = at::full({1, 4, 2, 4}, 9.0f);
    const SuperResCondition cond{y};
    cond.validate(1, 2, 4);
    const at::Tensor in = make_superres_input(x, cond);
    REQUIRE(in.sizes() == at::IntArrayRef({1, 8, 2, 4}));
    CHECK(at::equal(in.narrow(1, 0, 4), x));
    const std::vector<std::vector<float>> rows = {{0, 1, 3, 4}, {1, 0.5f, -0.5f, -1}, {2, 2, 2, 2}, {-4, -1, 5, 8}};
    for (int64_t c = 0; c < 4; ++c)
        for (int64_t r = 0; r < 2; ++r) CHECK(at::equal(in[0][4 + c][r], at::tensor(rows[size_t(c)])));

    CHECK(contains(message_of([&] { cond.validate(2, 2, 4); }), "expected [2, 4, h, w], found [1, 4, 1, 2]"));
    CHECK(contains(message_of([&] { cond.validate(1, 4, 6); }), "found 1x2"));  // 4x6 is not 1x2 scaled
    CHECK(contains(message_of([&] { cond.validate(1, 2, 5); }), "takes to 2x5"));
    CHECK(contains(message_of([&] { SuperResCondition{}.validate(1, 2, 4); }), "low-res condition y"));
}

TEST_CASE("x0 corrections: IVID's formulas and step rules") {
    // pixel 0 known (mask 1), pixel 1 unknown (mask 0)
    const at::Tensor m = pixels({1, 0}, 1);
    X0Corrections corr;
    corr.replace_rgb = ReplaceRgb{0.1, pixels({1, 1, 1, 1, 1, 1}, 3), m};
    corr.replace_depth = ReplaceDepth{0.2, pixels({0.5f, 0.5f}, 1), m};
    corr.constrain_depth = ConstrainDepth{0.5, pixels({0, 0.4f}, 1)};
    REQUIRE_NOTHROW(corr.validate(1, 1, 2));
    const at::Tensor x0 = pixels({0, 0, 0, 0, 0, 0, -1, -1}, 4);

    at::Tensor mid = x0.clone();
    corr.apply(mid, false);
    // rgb known: 0.1*1 + 0.9*0 = 0.1; unknown stays 0
    // depth known: 0.2*0.5 + 0.8*(-1) = -0.7; unknown: 0.5*max(-1, 0.4) + 0.5*(-1) = -0.3
    const at::Tensor expected_mid = pixels({0.1f, 0, 0.1f, 0, 0.1f, 0, -0.7f, -0.3f}, 4);
    CHECK(at::allclose(mid, expected_mid, 0, 1e-7));

    at::Tensor last = x0.clone();
    corr.apply(last, true);  // replace_rgb is skipped on the final step, depth edits are not
    CHECK(at::allclose(last, pixels({0, 0, 0, 0, 0, 0, -0.7f, -0.3f}, 4), 0, 1e-7));

    // constrain_depth needs replace_depth (its mask); IVID would skip it silently.
    X0Corrections only_constrain;
    only_constrain.constrain_depth = corr.constrain_depth;
    CHECK(contains(message_of([&] { only_constrain.validate(1, 1, 2); }), "replace_depth"));
    X0Corrections bad_shape;
    bad_shape.replace_rgb = ReplaceRgb{0.1, pixels({1, 1}, 1), m};
    CHECK(contains(message_of([&] { bad_shape.validate(1, 1, 2); }), "replace_rgb value"));
    CHECK(!X0Corrections{}.any());
}

TEST_CASE("back-projection: x0 moved onto the images whose box average is the low-res view") {
    at::manual_seed(3);
    const at::Tensor truth = at::rand({2, 4, 8, 8}) * 2 - 1;
    const at::Tensor y = at::avg_pool2d(truth, {2, 2});  // 4x4: scale 2
    const at::Tensor x0 = at::rand({2, 4, 8, 8}) * 2 - 1;
    X0Corrections corr;
    corr.back_projection = BackProjection{1.0, y};
    REQUIRE_NOTHROW(corr.validate(2, 8, 8));
    at::Tensor projected = x0.clone();
    corr.apply(projected, false);
    // Each box average is a sum of 4 values of magnitude <= 3 scaled by 1/4: a few float32 roundings
    // of numbers <= 3, so 4 ulp(4) = 2e-6 bounds the difference from y.
    CHECK(at::allclose(at::avg_pool2d(projected, {2, 2}), y, 0, 2e-6));
    // A projection: the detail within each box is kept, and any image with those box averages
    // (the truth here) is no further away than before.
    const at::Tensor detail = [](const at::Tensor& t) {
        return t - at::avg_pool2d(t, {2, 2}).repeat_interleave(2, 2).repeat_interleave(2, 3);
    }(x0);
    CHECK(at::allclose(projected - at::avg_pool2d(projected, {2, 2}).repeat_interleave(2, 2).repeat_interleave(2, 3), detail, 0, 2e-6));
    CHECK((projected - truth).norm().item<double>() < (x0 - truth).norm().item<double>());
    // Weight 1/2 goes half-way; weight 0 leaves x0 as it was.
    corr.back_projection->weight = 0.5;
    at::Tensor half = x0.clone();
    corr.apply(half, true);
    CHECK(at::allclose(at::avg_pool2d(half, {2, 2}), 0.5 * (y + at::avg_pool2d(x0, {2, 2})), 0, 2e-6));
    corr.back_projection->weight = 0.0;
    at::Tensor none = x0.clone();
    corr.apply(none, false);
    CHECK(at::equal(none, x0));

    corr.back_projection->weight = 1.5;
    CHECK(contains(message_of([&] { corr.validate(2, 8, 8); }), "back_projection weight"));
    corr.back_projection = BackProjection{1.0, at::zeros({2, 4, 3, 3})};
    CHECK(contains(message_of([&] { corr.validate(2, 8, 8); }), "back_projection y"));  // 8 is not 3 scaled
    corr.back_projection = BackProjection{1.0, at::zeros({1, 4, 4, 4})};
    CHECK(contains(message_of([&] { corr.validate(2, 8, 8); }), "expected [2, 4, 4, 4], found [1, 4, 4, 4]"));
    CHECK(X0Corrections{corr}.any());
}

TEST_CASE("guidance arithmetic and IVID's framework rules") {
    std::vector<at::Tensor> seen_classes;
    const EpsModel net = [&](const at::Tensor& x, const at::Tensor&, const at::Tensor& classes) {
        seen_classes.push_back(classes);
        // class c adds c + 1; null class adds 0
        const at::Tensor add = classes.defined() ? (classes + 1).clamp_min(0).to(at::kFloat) : at::zeros({x.size(0)});
        return x + add.view({-1, 1, 1, 1});
    };
    const at::Tensor x = at::zeros({2, 4, 1, 1});
    const at::Tensor t = at::zeros({2}, at::kLong);
    const at::Tensor classes = at::tensor(std::vector<int64_t>{2, -1});

    // (1+s)*cond - s*uncond with s = 3: 4*3 - 3*0 = 12 for class 2, 0 for the null class.
    const at::Tensor eps = Guidance(GuidanceFramework::ClassifierFree, 3.0, true).eps(net, x, t, classes);
    CHECK(eps[0].eq(12).all().item<bool>());
    CHECK(eps[1].eq(0).all().item<bool>());
    REQUIRE(seen_classes.size() == 1);
    CHECK(at::equal(seen_classes[0], at::tensor(std::vector<int64_t>{2, -1, -1, -1})));

    // s = 0: a single conditional pass.
    seen_classes.clear();
    Guidance(GuidanceFramework::ClassifierFree, 0.0, true).eps(net, x, t, classes);
    CHECK(seen_classes.size() == 1);
    CHECK(seen_classes[0].size(0) == 2);
    // InpaintCFG without classes: one unguided pass, strength ignored.
    seen_classes.clear();
    const at::Tensor plain = Guidance(GuidanceFramework::Inpaint, 3.0, true).eps(net, x, t, at::Tensor());
    CHECK(seen_classes.size() == 1);
    CHECK(!seen_classes[0].defined());
    CHECK(plain.eq(0).all().item<bool>());
    CHECK(Guidance(GuidanceFramework::Inpaint, 3.0, true).evaluations(2, false) == 2);
    // ClassifierFreeGuidance without classes: IVID's two passes both see None and cancel to one.
    seen_classes.clear();
    Guidance(GuidanceFramework::ClassifierFree, 3.0, true).eps(net, x, t, at::Tensor());
    CHECK(seen_classes.size() == 1);
    CHECK(!seen_classes[0].defined());
    CHECK(Guidance(GuidanceFramework::ClassifierFree, 3.0, true).evaluations(2, false) == 2);

    CHECK(parse_guidance_framework("InpaintCFG") == GuidanceFramework::Inpaint);
    CHECK(parse_guidance_framework("SuperResCFG") == GuidanceFramework::SuperRes);
    CHECK(guidance_framework_name(GuidanceFramework::SuperRes) == "SuperResCFG");
    CHECK(contains(message_of([] { parse_guidance_framework("SrCFG"); }), "\"SuperResCFG\""));
    CHECK(guidance_framework_name(GuidanceFramework::ClassifierFree) == "ClassifierFreeGuidance");
    CHECK(contains(message_of([] { parse_guidance_framework("SrCFG"); }), "\"SrCFG\""));
    CHECK(contains(message_of([] { Guidance(GuidanceFramework::Inpaint, NAN, true); }), "guidance strength"));
}

TEST_CASE("noise sources: seeded draws follow the generator order, replay returns the recording") {
    SeededNoise a(7);
    const CondFillNoise fill = a.cond_fill(0, 2, 3, 5);
    CHECK(fill.rgb.sizes() == at::IntArrayRef({2, 3, 3, 5}));
    CHECK(fill.rgb.is_contiguous(at::MemoryFormat::ChannelsLast));
    const at::Tensor step = a.step_noise(0, {2, 4, 3, 5});

    // The same generator consumed in the same order: channels-last fill, depth fill, step draw.
    at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(7);
    at::Tensor rgb = at::empty({2, 3, 3, 5}, at::TensorOptions(at::kFloat).memory_format(at::MemoryFormat::ChannelsLast));
    rgb.normal_(0, 1, gen);
    CHECK(at::equal(fill.rgb, rgb));
    CHECK(at::equal(fill.depth, at::randn({2, 1, 3, 5}, gen)));
    CHECK(at::equal(step, at::randn({2, 4, 3, 5}, gen)));
    // A contiguous draw gives other numbers: the layout is part of the recipe.
    at::Generator gen2 = at::make_generator<at::CPUGeneratorImpl>(7);
    CHECK(!at::equal(fill.rgb.contiguous(), at::randn({2, 3, 3, 5}, gen2)));

    const at::Tensor rec_rgb = at::randn({3, 2, 3, 3, 5}), rec_depth = at::randn({3, 2, 1, 3, 5});
    ReplayNoise replay(at::ones({2, 4, 3, 5}), rec_rgb, rec_depth);
    CHECK(at::equal(replay.cond_fill(2, 2, 3, 5).rgb, rec_rgb[2]));
    CHECK(at::equal(replay.cond_fill(1, 2, 3, 5).depth, rec_depth[1]));
    CHECK(replay.step_noise(0, {2, 4, 3, 5}).eq(0).all().item<bool>());
    CHECK(contains(message_of([&] { replay.cond_fill(3, 2, 3, 5); }), "noise replay step: expected 0..2, found 3"));
    CHECK(contains(message_of([&] { replay.cond_fill(0, 2, 4, 5); }), "recorded RGB fill noise of step 0"));
    CHECK(contains(message_of([&] { replay.initial({1, 4, 3, 5}); }), "recorded initial noise"));
    CHECK(contains(message_of([] { ReplayNoise(at::Tensor(), at::randn({1, 1, 3, 2, 2}), at::Tensor()); }), "both"));

    // IVID's per-sample seeding: sample i equals a fresh generator seeded with seeds[i].
    const at::Tensor init = initial_noise_from_seeds({5, 9}, 4, 3, 5);
    CHECK(at::equal(init[1], at::randn({1, 4, 3, 5}, at::make_generator<at::CPUGeneratorImpl>(9))[0]));
}

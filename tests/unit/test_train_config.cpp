// The dataset/trainer blocks of training configs: IVID's keys, and every misfit named.
#include <doctest/doctest.h>

#include <nlohmann/json.hpp>

#include "core/train/training_config.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/json_fields.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using namespace ivid;
using ivid::test::contains;
using ivid::test::message_of;

namespace {

const fs::path kFixtures = fs::path(IVID_FIXTURES_DIR) / "train";

// The error of loading the fixture config after `edit`.
std::string error_after(const std::string& role, const std::function<void(nlohmann::json&)>& edit) {
    ivid::test::TempDir dir;
    nlohmann::json config = parse_json_file(kFixtures / ("tiny_" + role + ".json"));
    edit(config);
    write_text_atomically(dir.path / "c.json", config.dump());
    return message_of([&] { train::load_training_config(dir.path / "c.json", train::parse_model_role(role)); });
}

}  // namespace

TEST_CASE("the fixture configs read as IVID's keys say") {
    const auto uncond = train::load_training_config(kFixtures / "tiny_uncond.json", train::ModelRole::Unconditional);
    CHECK(uncond.image_size == 32);
    CHECK(uncond.depth.near == doctest::Approx(0.6));
    CHECK(uncond.depth.far == doctest::Approx(5.0));
    CHECK(uncond.trainer.batch_size == 4);
    CHECK(uncond.trainer.ema_rates == std::vector<double>{0.999});
    CHECK(uncond.p_uncond == doctest::Approx(0.1));
    const auto cond = train::load_training_config(kFixtures / "tiny_cond.json", train::ModelRole::Conditional);
    CHECK(cond.warp.prewarp_noise);
    CHECK(cond.warp.blur);
    CHECK(cond.warp.erode_rgb);
    CHECK_FALSE(cond.warp.postwarp_noise);
    CHECK(cond.warp.pose_std == doctest::Approx(0.15));
    CHECK(cond.warp.warp.near == doctest::Approx(0.6));  // warps encode depth like the data
    const auto sr = train::load_training_config(kFixtures / "tiny_sr.json", train::ModelRole::SuperResolution);
    CHECK(sr.image_size == 32);
    CHECK(sr.low_res_size == 16);
    CHECK(sr.trainer.batch_split == 1);
    CHECK(sr.trainer.finetune_ckpt.empty());
}

TEST_CASE("IVID's super-resolution trainer keys load as IVID writes them") {
    // The keys of IVID's rgbd_*_sr.json configs: fp16 training on CUDA, micro-batches, fine-tuning.
    ivid::test::TempDir dir;
    nlohmann::json config = parse_json_file(kFixtures / "tiny_sr.json");
    config["backbone"]["args"]["use_fp16"] = true;
    auto& args = config["trainer"]["args"];
    args["batch_split"] = 2;
    args["fp16_mode"] = "inflat_all";
    args["fp16_scale_growth"] = 1e-3;
    args["finetune_ckpt"] = "base.pt";
    write_text_atomically(dir.path / "c.json", config.dump());
    const auto sr = train::load_training_config(dir.path / "c.json", train::ModelRole::SuperResolution);
    CHECK(sr.model.backbone.use_fp16);
    CHECK(sr.trainer.batch_split == 2);
    CHECK(sr.trainer.finetune_ckpt == "base.pt");
    CHECK(sr.trainer.max_timestep_fraction == 1.0);  // IVID's: every diffusion step

    args["max_timestep_fraction"] = 0.25;
    write_text_atomically(dir.path / "c.json", config.dump());
    CHECK(train::load_training_config(dir.path / "c.json", train::ModelRole::SuperResolution).trainer.max_timestep_fraction == 0.25);
    args["max_timestep_fraction"] = 0;
    write_text_atomically(dir.path / "c.json", config.dump());
    CHECK(contains(message_of([&] { train::load_training_config(dir.path / "c.json", train::ModelRole::SuperResolution); }),
                   "trainer.args.max_timestep_fraction: expected in (0, 1], found 0"));
}

TEST_CASE("misfit configs are errors naming the key") {
    CHECK(contains(error_after("cond", [](auto& c) { c["dataset"]["args"]["augments"].push_back("sharpen"); }),
                   "\"sharpen\""));
    CHECK(contains(error_after("cond", [](auto& c) { c["dataset"]["args"]["augments"] = {"blur"}; }),
                   "backbone.args.in_channels"));  // 10 channels need erode_rgb's mask_rgb
    CHECK(contains(error_after("uncond", [](auto& c) { c["backbone"]["args"]["in_channels"] = 10; }),
                   "in_channels"));
    CHECK(contains(error_after("uncond", [](auto& c) { c["dataset"]["args"]["image_size"] = 64; }),
                   "dataset.args.image_size"));
    CHECK(contains(error_after("uncond", [](auto& c) { c["dataset"]["args"]["prepocess_depth"] = "disparity_minmax"; }),
                   "prepocess_depth"));
    CHECK(contains(error_after("uncond", [](auto& c) { c["trainer"]["args"]["ema_rate"] = 1.5; }), "ema_rate"));
    CHECK(contains(error_after("uncond", [](auto& c) { c["trainer"]["args"].erase("max_steps"); }), "max_steps"));
    CHECK(contains(error_after("uncond", [](auto& c) { c["trainer"]["args"]["batch_size_per_gpu"] = 0; }),
                   "batch_size_per_gpu"));
    CHECK(contains(error_after("cond", [](auto& c) { c["framework"]["args"]["p_uncond_img"] = 0.1; }), "p_uncond_img"));
    CHECK(contains(error_after("uncond", [](auto& c) { c["backbone"]["args"]["out_channels"] = 8; }), "out_channels"));
    CHECK(contains(error_after("sr", [](auto& c) { c["dataset"]["args"]["image_size_lr"] = 12; }),
                   "dataset.args.image_size_lr: expected a divisor of image_size 32 below it, found 12"));
    CHECK(contains(error_after("sr", [](auto& c) { c["dataset"]["args"]["image_size_lr"] = 32; }), "image_size_lr"));
    CHECK(contains(error_after("sr", [](auto& c) { c["dataset"]["args"].erase("image_size_lr"); }), "image_size_lr"));
    CHECK(contains(error_after("sr", [](auto& c) { c["backbone"]["args"]["in_channels"] = 4; }),
                   "in_channels: expected 8 (x_t and the upsampled low-res RGBD), found 4"));
    CHECK(contains(error_after("sr", [](auto& c) { c["framework"]["name"] = "InpaintCFG"; }),
                   "\"SuperResCFG\" for a sr model"));
    CHECK(contains(error_after("uncond", [](auto& c) { c["framework"]["name"] = "SuperResCFG"; }), "framework.name"));
    CHECK(contains(error_after("sr", [](auto& c) { c["trainer"]["args"]["batch_split"] = 3; }),
                   "batch_split: expected a divisor of batch_size_per_gpu 4, found 3"));
    CHECK(contains(error_after("sr", [](auto& c) { c["trainer"]["args"]["fp16_mode"] = 16; }), "fp16_mode"));
    CHECK(contains(message_of([] { train::parse_model_role("upscale"); }), "\"upscale\""));
}

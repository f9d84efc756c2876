// ivid train's loop on a tiny model and dataset: learning, exact resume, IVID-format checkpoints,
// sample grids, micro-batches, fine-tuning, and stopping cleanly on bad input (NaN loss,
// unwritable checkpoints, mismatches).
#include <filesystem>

#include <ATen/ATen.h>
#include <ATen/core/grad_mode.h>
#include <nlohmann/json.hpp>

#include "core/dataset/sr_low_res.hpp"
#include "core/dataset/synth_dataset.hpp"
#include "core/diffusion/rgbd_tensor.hpp"
#include "core/image/image_io.hpp"
#include "core/nn/adm_unet.hpp"
#include "core/nn/checkpoint_reader.hpp"
#include "core/train/diffusion_loss.hpp"
#include "core/train/finetune.hpp"
#include "core/train/trainer.hpp"
#include "core/train/training_state.hpp"
#include "core/util/json_fields.hpp"
#include "tests/test_support.hpp"
#include "tests/train_runs.hpp"

#include <doctest/doctest.h>  // after the torch-side headers: glog's CHECK would replace doctest's

namespace fs = std::filesystem;
using namespace ivid;
using ivid::test::contains;
using ivid::test::message_of;
using ivid::test::TempDir;
using ivid::test::config_with;
using ivid::test::run_of;
using ivid::test::tiny_dataset;

namespace {

at::Tensor tensor_named(const nn::StateDict& state, const std::string& name) {
    for (const auto& [key, tensor] : state)
        if (key == name) return tensor;
    FAIL("no tensor " << name);
    return {};
}

}  // namespace

TEST_CASE("training lowers the loss of the unconditional model") {
    TempDir dir;
    const auto config = config_with(dir.path, "uncond", {{"max_steps", 60}, {"i_log", 10}, {"i_save", 60}, {"i_sample", 60},
                                                         {"learning_rate", 1e-3}});
    std::vector<double> losses;
    train::TrainingEvents events;
    events.on_step = [&](int64_t, int64_t, double loss, double) { losses.push_back(loss); };
    const auto summary = train::run_training(run_of(train::ModelRole::Unconditional, config, dir.path / "run"), events);
    REQUIRE(losses.size() == 60);
    CHECK(summary.finished);
    // The output layer starts at zero, so the first loss is E[eps^2] = 1 up to sampling noise.
    CHECK(losses.front() == doctest::Approx(1.0).epsilon(0.1));
    double last10 = 0.0;
    for (size_t i = 50; i < 60; ++i) last10 += losses[i] / 10.0;
    CHECK(last10 < 0.6);
    CHECK(summary.last_loss < 0.6);
}

TEST_CASE("a resumed run is bit-identical to an uninterrupted one") {
    for (const std::string role : {"uncond", "cond", "sr"}) {
        CAPTURE(role);
        TempDir dir;
        const auto config = config_with(dir.path, role, {{"max_steps", 4}, {"i_save", 2}, {"i_sample", 4}});
        const auto model_role = train::parse_model_role(role);
        train::run_training(run_of(model_role, config, dir.path / "straight"));

        auto first = run_of(model_role, config, dir.path / "resumed");
        first.stop_after_steps = 3;  // stops between checkpoints: the stop writes its own
        CHECK(train::run_training(first).last_step == 3);
        auto second = first;
        second.stop_after_steps.reset();
        second.resume = true;
        const auto summary = train::run_training(second);
        CHECK(summary.first_step == 4);
        CHECK(summary.finished);
        for (const std::string name : {"ckpts/model_step0000004.pt", "ckpts/ema_0.999_step0000004.pt"}) {
            CAPTURE(name);
            CHECK(read_text_file(dir.path / "straight" / name) == read_text_file(dir.path / "resumed" / name));
        }
    }
}

TEST_CASE("checkpoints are IVID state dicts that load into the network; old ones are pruned") {
    TempDir dir;
    const auto config = config_with(dir.path, "cond", {{"max_steps", 6}, {"i_save", 2}, {"keep_checkpoints", 2},
                                                       {"i_sample", 3}, {"sample_count", 3}});
    const fs::path out = dir.path / "run";
    train::run_training(run_of(train::ModelRole::Conditional, config, out));
    const train::RunRecord record = train::read_run_record(out);
    REQUIRE(record.checkpoints.size() == 2);
    CHECK(record.checkpoints[0].step == 4);
    CHECK(record.checkpoints[1].step == 6);
    CHECK_FALSE(fs::exists(out / "ckpts/model_step0000002.pt"));
    CHECK(record.images_seen == 6 * 4);

    const auto model_config = nn::load_model_config(config);
    nn::AdmUnet net(model_config.backbone);
    const nn::StateDict state = nn::read_checkpoint(out / "ckpts/ema_0.999_step0000006.pt");
    net.load_state_dict(state, "ema checkpoint");
    const auto ours = net.state_dict();
    REQUIRE(ours.size() == state.size());
    for (size_t i = 0; i < ours.size(); ++i) CHECK(ours[i].name == state[i].name);  // IVID's key order
    // Trained weights moved away from the zero initialisation of the output layer.
    CHECK(tensor_named(state, "out.2.weight").abs().max().item<double>() > 0.0);

    // Grids: 6 rows (condition, sample, original; colour then depth) of 3 pictures, 2 px apart.
    const ImageU8 grid = read_image_u8(out / "samples/step0000006.png", 3);
    CHECK(grid.width == 3 * 32 + 2 * 2);
    CHECK(grid.height == 6 * 32 + 5 * 2);
    CHECK(fs::exists(out / "samples/step0000003.png"));
    const std::string log = read_text_file(out / "log.csv");
    CHECK(contains(log, "step,loss,images_per_second,train_seconds\n"));
    CHECK(contains(log, "\n6,"));
}

TEST_CASE("super-resolution: grids show low-res input, output and truth; fine-tuning pads input channels") {
    TempDir dir;
    // A base (4-channel) model's checkpoint to start the 8-channel SR model from, as IVID's
    // finetune_ckpt does.
    const auto base_config = config_with(dir.path, "uncond", {{"max_steps", 1}, {"i_save", 1}, {"i_sample", 1000}});
    train::run_training(run_of(train::ModelRole::Unconditional, base_config, dir.path / "base"));
    const fs::path base_ckpt = dir.path / "base/ckpts/model_step0000001.pt";
    const auto sr_config = config_with(dir.path, "sr", {{"max_steps", 2}, {"i_save", 2}, {"i_sample", 2},
                                                        {"sample_count", 3}, {"finetune_ckpt", base_ckpt.string()}});
    std::vector<std::string> messages;
    train::TrainingEvents events;
    events.on_message = [&](const std::string& m) { messages.push_back(m); };
    train::run_training(run_of(train::ModelRole::SuperResolution, sr_config, dir.path / "sr"), events);
    CHECK(std::any_of(messages.begin(), messages.end(), [](const std::string& m) { return contains(m, "fine-tuning from"); }));
    const ImageU8 grid = read_image_u8(dir.path / "sr/samples/step0000002.png", 3);
    CHECK(grid.width == 3 * 32 + 2 * 2);
    CHECK(grid.height == 6 * 32 + 5 * 2);

    // The padding itself: the base model's input channels, then zeros.
    nn::AdmUnet sr_net(nn::load_model_config(sr_config).backbone);
    const nn::StateDict base = nn::read_checkpoint(base_ckpt);
    const nn::StateDict padded = train::finetune_weights(base_ckpt, sr_net.state_dict());
    const at::Tensor first = tensor_named(padded, "input_blocks.0.0.weight");
    REQUIRE(first.size(1) == 8);
    CHECK(at::equal(first.narrow(1, 0, 4), tensor_named(base, "input_blocks.0.0.weight")));
    CHECK(first.narrow(1, 4, 4).eq(0).all().item<bool>());
    sr_net.load_state_dict(padded, "padded");

    // A checkpoint with more input channels (the 10-channel conditional model) cannot be padded.
    const auto cond_config = config_with(dir.path, "cond", {{"max_steps", 1}, {"i_save", 1}, {"i_sample", 1000}});
    train::run_training(run_of(train::ModelRole::Conditional, cond_config, dir.path / "cond"));
    CHECK(contains(message_of([&] {
                       train::finetune_weights(dir.path / "cond/ckpts/model_step0000001.pt", sr_net.state_dict());
                   }),
                   "input_blocks.0.0.weight has shape [16, 10, 3, 3], the model needs [16, 8, 3, 3]"));
}

TEST_CASE("max_timestep_fraction: the loss draws diffusion steps below f T only") {
    train::TrainingConfig config = train::load_training_config(ivid::test::kTrainFixtures / "tiny_sr.json", train::ModelRole::SuperResolution);
    config.trainer.batch_size = 64;
    const train::LoadedDataset data = train::load_training_data(dataset::RgbdDataset(tiny_dataset()), config);
    const train::TrainingBatch batch = train::make_batch(data, config, 2, train::BatchSlice::whole(config.trainer.batch_size));
    const at::Tensor alpha_bar = at::linspace(0.9999, 0.01, 1000);
    const at::Tensor all = train::loss_inputs(config, alpha_bar, batch, c10::kCPU).t;
    config.trainer.max_timestep_fraction = 0.2;
    const at::Tensor early = train::loss_inputs(config, alpha_bar, batch, c10::kCPU).t;
    CHECK(early.max().item<int64_t>() < 200);
    CHECK(early.min().item<int64_t>() >= 0);
    // 64 uniform draws over 1000 steps: P(all below 200) = 0.2^64, so IVID's range shows larger ones.
    CHECK(all.max().item<int64_t>() >= 200);
}

namespace {

// The tiny dataset's worlds and poses again at `size` (what a base model of that size trains on).
fs::path tiny_dataset_at(const fs::path& dir, int size, int count) {
    dataset::SynthDatasetSettings s;
    s.count = count;
    s.image_size = size;
    s.first_seed = 50;
    s.last_seed = 57;
    s.samples_per_pixel = 1;
    s.threads = 1;
    const fs::path out = dir / ("data" + std::to_string(size) + "_" + std::to_string(count));
    dataset::write_synth_dataset(s, out, false);
    return out;
}

// Index of the low-res image that `item` ([4, h, w] in [-1, 1]) is exactly, or -1.
int exact_low_res_match(const at::Tensor& item, const train::LoadedDataset& data) {
    for (size_t k = 0; k < data.low_res.size(); ++k) {
        const Image unblurred = dataset::low_res_condition(data.low_res[k].colour, data.low_res[k].depth, std::nullopt);
        if (at::equal(item, diffusion::signed_tensor_from_image(unblurred))) return int(k);
    }
    return -1;
}

}  // namespace

TEST_CASE("low_res_data: paired low-res images are the SR condition as they are; misfits name the key and file") {
    TempDir dir;
    const fs::path low = tiny_dataset_at(dir.path, 16, 8);
    nlohmann::json json = parse_json_file(ivid::test::kTrainFixtures / "tiny_sr.json");
    json["trainer"]["args"]["batch_size_per_gpu"] = 8;
    const auto config_naming = [&](const std::string& folder) {
        json["dataset"]["args"]["low_res_data"] = folder;
        write_text_atomically(dir.path / "c.json", json.dump());
        return train::load_training_config(dir.path / "c.json", train::ModelRole::SuperResolution);
    };
    const train::TrainingConfig config = config_naming(low.filename().string());  // relative to the config file
    CHECK(config.low_res_data == low);
    const train::LoadedDataset data = train::load_training_data(dataset::RgbdDataset(tiny_dataset()), config);
    // The same worlds and poses at half the size: each pair's low-res image is the 16x16 file as read.
    const dataset::RgbdDataset low_set(low);
    for (size_t k = 0; k < data.low_res.size(); ++k) {
        const dataset::RgbdOriginal read = low_set.load_original(k, config.depth);
        CHECK(data.low_res[k].colour.data == read.colour.data);
        CHECK(data.low_res[k].depth.data == read.depth.data);
    }
    // Every batch item is one of them, not blurred. IVID's pairs are blurred per draw with sigma
    // U(0,1) + 1e-3: a sigma below ~0.25 leaves 8-bit values as they are (side weight < 1/510),
    // larger ones change them where neighbours differ, so of 8 draws (P(all below 0.25) = 1.5e-5)
    // some are none of the low-res images.
    const train::TrainingBatch batch = train::make_batch(data, config, 3, train::BatchSlice::whole(8));
    for (int64_t i = 0; i < 8; ++i) CHECK(exact_low_res_match(batch.low_res[i], data) >= 0);
    train::TrainingConfig ivid_config = config;
    ivid_config.low_res_data.clear();
    const train::TrainingBatch blurred = train::make_batch(data, ivid_config, 3, train::BatchSlice::whole(8));
    int unchanged = 0;
    for (int64_t i = 0; i < 8; ++i) unchanged += exact_low_res_match(blurred.low_res[i], data) >= 0;
    CHECK(unchanged < 8);

    const auto load_error = [&](const std::string& folder) {
        return message_of([&] { train::load_training_data(dataset::RgbdDataset(tiny_dataset()), config_naming(folder)); });
    };
    const std::string seven = load_error(tiny_dataset_at(dir.path, 16, 7).string());
    CHECK(contains(seven, "dataset.args.low_res_data"));
    CHECK(contains(seven, "holds 7 images, expected the 8"));
    CHECK(contains(load_error(tiny_dataset().string()), "size: expected 16x16 (image_size_lr), found 32x32"));
    CHECK(contains(load_error("missing"), "dataset.args.low_res_data: "));
    CHECK(contains(load_error("missing"), "dataset folder not found"));
    CHECK(contains(message_of([&] { config_naming(""); }), "dataset.args.low_res_data: expected a folder"));
}

TEST_CASE("batch_split: micro-batches give the whole batch's loss and gradient") {
    const train::TrainingConfig config = train::load_training_config(ivid::test::kTrainFixtures / "tiny_sr.json", train::ModelRole::SuperResolution);
    train::TrainingConfig four = config;
    four.trainer.batch_size = 4;
    const train::LoadedDataset data = train::load_training_data(dataset::RgbdDataset(tiny_dataset()), config);
    const train::TrainingBatch batch = train::make_batch(data, four, 5, train::BatchSlice::whole(four.trainer.batch_size));
    REQUIRE(batch.low_res.sizes() == at::IntArrayRef({4, 4, 16, 16}));
    nn::AdmUnet net(config.model.backbone);
    net.initialize_for_training(3);
    net.set_training(true);
    // A zero output layer (the initialisation) has zero gradients everywhere else: perturb it.
    { at::NoGradGuard g; for (auto& p : net.parameters()) p.add_(at::randn_like(p) * 0.01); }
    const at::Tensor alpha_bar = at::linspace(0.9999, 0.01, 1000);
    const train::LossInputs in = train::loss_inputs(config, alpha_bar, batch, c10::kCPU);
    CHECK(in.input.size(1) == 8);

    auto gradients = [&](int split, double& loss) {
        for (auto& p : net.parameters()) p.mutable_grad() = at::Tensor();
        loss = train::backward_loss(net, in, split);
        std::vector<at::Tensor> g;
        for (auto& p : net.parameters()) g.push_back(p.grad().clone());
        return g;
    };
    double whole = 0.0, halves = 0.0, quarters = 0.0;
    const auto g1 = gradients(1, whole), g2 = gradients(2, halves), g4 = gradients(4, quarters);
    // The loss is a mean of B*4*H*W = 16384 squared errors: summed in another order, float32
    // rounding moves it by at most 16384 * 2^-24 (1e-3) relative; a lost micro-batch by ~50 %.
    CHECK(halves == doctest::Approx(whole).epsilon(1e-3));
    CHECK(quarters == doctest::Approx(whole).epsilon(1e-3));
    // Each weight's gradient sums over at most B*H*W = 4096 positions (x9 taps x channels within
    // one convolution's reduction, <= 4096*9*64 = 2.4M terms): the float32 bound 2.4M * 2^-24 is
    // 0.14 of the largest gradient, while dropping half the batch changes it by ~0.5 of itself.
    for (size_t i = 0; i < g1.size(); ++i) {
        const double scale = g1[i].abs().max().item<double>();
        CHECK((g2[i] - g1[i]).abs().max().item<double>() <= 0.14 * scale + 1e-12);
        CHECK((g4[i] - g1[i]).abs().max().item<double>() <= 0.14 * scale + 1e-12);
    }
}

TEST_CASE("a NaN loss stops training and keeps the last good checkpoint") {
    TempDir dir;
    // An absurd learning rate without clipping blows the weights up after the first update.
    const auto config = config_with(dir.path, "uncond", {{"max_steps", 50}, {"i_save", 1}, {"learning_rate", 1e30},
                                                         {"grad_clip", 0.0}});
    const fs::path out = dir.path / "run";
    const std::string message = message_of([&] { train::run_training(run_of(train::ModelRole::Unconditional, config, out)); });
    CAPTURE(message);
    CHECK(contains(message, "the loss is"));
    CHECK(contains(message, "last good checkpoint is step"));
    const train::RunRecord record = train::read_run_record(out);
    const int64_t good = record.checkpoints.back().step;
    CHECK(contains(message, "step " + std::to_string(good) + " in"));
    const nn::StateDict state = nn::read_checkpoint(out / record.checkpoints.back().model);
    for (const auto& [name, tensor] : state) CHECK_MESSAGE(tensor.isfinite().all().item<bool>(), name);
}

TEST_CASE("bad runs are refused with messages naming the file") {
    TempDir dir;
    const auto config = config_with(dir.path, "uncond", {{"max_steps", 2}, {"i_save", 1}});
    const fs::path out = dir.path / "run";
    auto run = run_of(train::ModelRole::Unconditional, config, out);

    auto resume_nothing = run;
    resume_nothing.resume = true;
    CHECK(contains(message_of([&] { train::run_training(resume_nothing); }), "nothing to resume"));

    train::run_training(run);
    CHECK(contains(message_of([&] { train::run_training(run); }), "already holds a training run"));

    auto wrong_role = run;
    wrong_role.resume = true;
    wrong_role.role = train::ModelRole::Conditional;
    wrong_role.config = ivid::test::kTrainFixtures / "tiny_cond.json";
    CHECK(contains(message_of([&] { train::run_training(wrong_role); }), "trains a \"uncond\" model"));

    nlohmann::json changed = parse_json_file(config);
    changed["backbone"]["args"]["model_channels"] = 32;
    write_text_atomically(dir.path / "changed.json", changed.dump());
    auto other_model = run;
    other_model.resume = true;
    other_model.config = dir.path / "changed.json";
    CHECK(contains(message_of([&] { train::run_training(other_model); }), "\"backbone\" differs"));

    auto wrong_config = run_of(train::ModelRole::Conditional, config, dir.path / "run2");
    CHECK(contains(message_of([&] { train::run_training(wrong_config); }), "InpaintCFG"));

    // A checkpoint named by latest.json that went missing.
    const train::RunRecord record = train::read_run_record(out);
    fs::remove(out / record.checkpoints.back().optimizer);
    auto resume = run;
    resume.resume = true;
    CHECK(contains(message_of([&] { train::run_training(resume); }), "which is missing"));
}

TEST_CASE("an unwritable checkpoint stops training and leaves the previous checkpoint usable") {
    TempDir dir;
    const auto config = config_with(dir.path, "uncond", {{"max_steps", 4}, {"i_save", 2}});
    const fs::path out = dir.path / "run";
    auto run = run_of(train::ModelRole::Unconditional, config, out);
    run.stop_after_steps = 2;
    train::run_training(run);
    const std::string latest = read_text_file(out / "latest.json");
    auto resume = run;
    resume.resume = true;
    resume.stop_after_steps.reset();
    train::TrainingEvents events;
    // After step 3 a plain file stands where the checkpoint folder was, so writing the step-4
    // checkpoint fails the way a full disk does: an error while writing its files.
    events.on_step = [&](int64_t step, int64_t, double, double) {
        if (step != 3) return;
        fs::rename(out / "ckpts", out / "ckpts-kept");
        ivid::test::write_bytes(out / "ckpts", "not a folder");
    };
    const std::string message = message_of([&] { train::run_training(resume, events); });
    CAPTURE(message);
    CHECK(contains(message, "checkpoint at step 4 could not be written"));
    CHECK(contains(message, "previous checkpoint (step 2) is intact"));
    CHECK(read_text_file(out / "latest.json") == latest);
    fs::remove(out / "ckpts");
    fs::rename(out / "ckpts-kept", out / "ckpts");
    CHECK(train::read_run_record(out).checkpoints.back().step == 2);
    CHECK(train::run_training(resume).finished);
}

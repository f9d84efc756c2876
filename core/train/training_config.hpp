// The "dataset" and "trainer" blocks of an IVID config file (configs/*.json), which `ivid train`
// reads beside the model's "backbone" and "framework". Keys keep IVID's names; a few of ours
// (grad_clip, seed, keep_checkpoints, sample_count, sample_steps) have defaults.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

#include "core/dataset/rgbd_dataset.hpp"
#include "core/dataset/warp_pair_sampler.hpp"
#include "core/nn/adm_config.hpp"
#include "core/util/enum_names.hpp"

namespace ivid::train {

enum class ModelRole { Unconditional, Conditional, SuperResolution };
inline constexpr EnumName<ModelRole> kModelRoleNames[] = {
    {ModelRole::Unconditional, "uncond"}, {ModelRole::Conditional, "cond"}, {ModelRole::SuperResolution, "sr"}};
// "uncond", "cond" or "sr" (the `ivid train` sub-command); anything else is an Error.
ModelRole parse_model_role(const std::string& name);
std::string model_role_name(ModelRole role);

struct TrainerSettings {
    int64_t max_steps = 0;
    int batch_size = 0;             // IVID: batch_size_per_gpu
    double learning_rate = 1e-4;
    double weight_decay = 0.0;
    std::vector<double> ema_rates = {0.9999};
    double grad_clip = 1.0;         // global gradient-norm clip; 0 = off
    int64_t log_every = 100;        // IVID: i_log
    int64_t sample_every = 1000;    // IVID: i_sample
    int64_t save_every = 1000;      // IVID: i_save
    int keep_checkpoints = 2;       // older checkpoints are deleted
    int sample_count = 8;           // images per sample grid
    int sample_steps = 50;          // DDIM steps for the grids
    uint64_t seed = 0;
    int batch_split = 1;            // IVID: the batch runs as this many micro-batches (less memory)
    std::filesystem::path finetune_ckpt;  // IVID: start from these weights (zero-padding new input channels)
    // Not IVID's: train on diffusion steps t < round(f T) only, for a model that always samples
    // part-way (SamplerSettings::start_strength <= f, e.g. super-resolution from the noised
    // bicubic upsampling), so its capacity goes to the steps it will run. 1 = every step (IVID).
    double max_timestep_fraction = 1.0;
};

struct TrainingConfig {
    nn::ModelConfig model;
    ModelRole role = ModelRole::Unconditional;
    int image_size = 0;                    // dataset.args.image_size (= backbone image_size)
    int low_res_size = 0;                  // super-resolution: dataset.args.image_size_lr
    // Super-resolution, not IVID's: dataset.args.low_res_data, a dataset of the same images at
    // image_size_lr (relative to the config file) whose images are the low-res inputs as they are,
    // instead of SRDataset's Lanczos-resized and blurred ones. Empty: IVID's.
    std::filesystem::path low_res_data;
    dataset::DepthEncoding depth;          // dataset.args near/far ("z_buffer" depth)
    dataset::WarpPairOptions warp;         // conditional models: augments and pose std
    double p_uncond = 0.0;                 // framework.args.p_uncond: class dropout
    TrainerSettings trainer;
};

// Reads the config and checks that it fits the role: an unconditional model has 4 input
// channels and the ClassifierFreeGuidance framework; a conditional one 9 or 10 (10 needs the
// "erode_rgb" augment, which makes mask_rgb) and InpaintCFG; a super-resolution one 8 (x_t and
// the upsampled low-res RGBD), SuperResCFG and an image_size_lr that divides image_size; all 4
// output channels. A super-resolution config may name paired low-res images (low_res_data; the
// folder is checked when the data loads). IVID's fp16 keys are accepted (training here is float32). Every problem is
// an Error naming the file and key.
TrainingConfig load_training_config(const std::filesystem::path& file, ModelRole role);

}  // namespace ivid::train

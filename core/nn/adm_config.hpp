// IVID's model config files (configs/*.json): the `backbone` block describes an AdmUnet2d, the
// `framework` block names the diffusion framework and its arguments. Keys IVID's configs leave
// out take AdmUnet2d's constructor defaults, so a config means the same network here as there.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ivid::nn {

struct AdmUnetConfig {
    int image_size = 0;        // required; attention levels are pixel sizes of this image
    int in_channels = 0;       // required
    int out_channels = 0;      // required
    int model_channels = 0;    // required, even (sinusoidal encoding halves)
    int num_res_blocks = 0;    // required
    std::vector<int> attention_resolutions;  // required
    std::vector<int> channel_mult = {1, 2, 4, 8};
    std::optional<int> num_classes;  // class-conditional when set
    bool has_null_class = false;     // class -1 = "no class"; only with num_classes
    int num_groups = 32;
    int num_heads = 1;               // used when num_head_channels == -1
    int num_head_channels = -1;
    double dropout = 0.0;
    bool use_fp16 = false;           // IVID: torso convolutions in half precision (CUDA only here)

    int embed_dim() const { return 4 * model_channels; }
    // Attention head count for a block with `channels` channels.
    int heads_for(int channels) const;
};

struct FrameworkConfig {
    std::string name;       // e.g. "ClassifierFreeGuidance", "InpaintCFG"
    nlohmann::json args;    // the framework's own arguments (timesteps, beta_schedule, ...)
};

struct ModelConfig {
    std::string file;  // where it was read from, for messages
    AdmUnetConfig backbone;
    FrameworkConfig framework;
    // trainer.args.max_timestep_fraction (not an IVID key): the model was trained on diffusion
    // steps t < round(f T) only, so sampling must start at or below f T. 1 (IVID): every step.
    double trained_timestep_fraction = 1.0;
};

// Reads and validates a config file; every problem is an Error naming file, key and value.
ModelConfig load_model_config(const std::filesystem::path& file);
// Same from an already parsed document; `file` only names the source in messages. Ranges are
// checked here; group and head divisibility per layer when the network is built (AdmUnet).
ModelConfig parse_model_config(const nlohmann::json& doc, const std::string& file);

}  // namespace ivid::nn

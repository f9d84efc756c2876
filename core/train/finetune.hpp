// IVID's finetune_ckpt: training starts from another checkpoint of the same network, which may
// have fewer input channels (dimension 1 of a tensor), e.g. a base model's weights for a
// super-resolution model; the missing channels start at zero.
#pragma once

#include <filesystem>

#include "core/nn/checkpoint_reader.hpp"

namespace ivid::train {

// The checkpoint's tensors, each padded with zeros along dimension 1 where the same-named tensor
// of `target` (the network's own state) has more channels there. Any other shape difference is
// an Error naming the file, the tensor and both shapes; missing or extra names are left for
// load_state_dict to report.
nn::StateDict finetune_weights(const std::filesystem::path& file, const nn::StateDict& target);

}  // namespace ivid::train

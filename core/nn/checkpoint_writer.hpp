// Writes a state dict the way torch.save(model.state_dict()) does (zip format), so checkpoints
// made by `ivid train` load in IVID's Python code and in read_checkpoint alike.
#pragma once

#include <filesystem>

#include "core/nn/checkpoint_reader.hpp"

namespace ivid::nn {

// Float tensors are saved contiguous on the CPU, in the order given. Atomic: the previous file
// at `file` survives any failure (full disk, unwritable folder), which is reported as an Error
// naming the file.
void write_checkpoint(const StateDict& state, const std::filesystem::path& file);

}  // namespace ivid::nn

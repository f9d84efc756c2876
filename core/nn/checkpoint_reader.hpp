// Reads PyTorch checkpoints written by torch.save (the zip format of PyTorch >= 1.6): a state
// dict (collections.OrderedDict or dict) of tensors, including nn.Parameter values and views
// into shared storages, without Python. LibTorch's own pickle_load cannot read these files.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

#include <ATen/core/Tensor.h>

namespace ivid::nn {

struct NamedTensor {
    std::string name;
    at::Tensor tensor;
};
// Entries in file order. Tensors keep the checkpoint's dtype and strides (views may share storage).
using StateDict = std::vector<NamedTensor>;

// Throws Error naming the file and the problem: missing, empty, truncated or corrupt archive,
// not a zip file, legacy (pre-1.6) format, unsupported pickle opcode or object, bad tensor bounds.
StateDict read_checkpoint(const std::filesystem::path& file);

}  // namespace ivid::nn

#include "core/nn/checkpoint_writer.hpp"

#include <ATen/ATen.h>
#include <torch/csrc/jit/serialization/pickle.h>

#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"

namespace ivid::nn {

void write_checkpoint(const StateDict& state, const std::filesystem::path& file) {
    // A c10::Dict keeps insertion order; Python sees a dict, which load_state_dict accepts.
    c10::Dict<std::string, at::Tensor> dict;
    for (const auto& [name, tensor] : state) {
        if (dict.contains(name)) throw Error(file.string() + ": duplicate state dict key \"" + name + "\"");
        dict.insert(name, tensor.detach().to(at::kCPU).contiguous());
    }
    const std::vector<char> bytes = torch::jit::pickle_save(c10::IValue(dict));
    write_text_atomically(file, std::string(bytes.begin(), bytes.end()));
}

}  // namespace ivid::nn

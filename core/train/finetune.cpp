#include "core/train/finetune.hpp"

#include <algorithm>

#include <ATen/ATen.h>

#include "core/util/error.hpp"

namespace ivid::train {

nn::StateDict finetune_weights(const std::filesystem::path& file, const nn::StateDict& target) {
    nn::StateDict loaded = nn::read_checkpoint(file);
    for (nn::NamedTensor& entry : loaded) {
        const auto it = std::find_if(target.begin(), target.end(), [&](const nn::NamedTensor& t) { return t.name == entry.name; });
        if (it == target.end() || it->tensor.sizes() == entry.tensor.sizes()) continue;  // load_state_dict names extras
        const at::Tensor& want = it->tensor;
        const at::Tensor& have = entry.tensor;
        bool pads = have.dim() == want.dim() && have.dim() >= 2 && have.size(1) < want.size(1);
        for (int64_t d = 0; pads && d < have.dim(); ++d) pads = d == 1 || have.size(d) == want.size(d);
        if (!pads)
            throw Error(file.string() + ": " + entry.name + " has shape " + c10::str(have.sizes()) + ", the model needs " +
                        c10::str(want.sizes()) + " (finetune_ckpt may only have fewer input channels)");
        at::Tensor padded = at::zeros(want.sizes(), want.options());
        padded.narrow(1, 0, have.size(1)).copy_(have);
        entry.tensor = padded;
    }
    return loaded;
}

}  // namespace ivid::train

// The layers of AdmUnet (adm_unet.hpp) and its private state, shared by the eager forward
// (adm_unet.cpp, the reference, used for training) and the inference fast path (unet_inference.cpp),
// which walks the same blocks with other kernels. Internal to core/nn: include neither elsewhere.
#pragma once

#include <cmath>
#include <string>
#include <variant>
#include <vector>

#include <ATen/ATen.h>

#include "core/nn/adm_unet.hpp"
#include "core/util/error.hpp"

namespace ivid::nn {
namespace adm {

// How a tensor is initialised by randomize(); also tells parameters from buffers.
enum class Role { Weight, Bias, NormWeight, NormBias, Embedding, Buffer };

struct Entry {
    std::string name;
    at::Tensor tensor;
    Role role;
    bool torso_conv;  // converted to half with use_fp16 on CUDA
};

// Creates tensors under dotted names, in registration order (= IVID's state_dict order). A
// counting registry allocates nothing and only adds up the sizes: the network's footprint is
// known before any memory is spent on it.
class Registry {
public:
    explicit Registry(bool counting = false) : counting_(counting) {}
    at::Tensor add(const std::string& name, std::vector<int64_t> shape, Role role, bool torso_conv = false) {
        int64_t numel = 1;
        for (int64_t n : shape) numel *= n;
        if (role != Role::Buffer) parameters += numel;
        if (counting_) return {};
        entries.push_back({name, at::zeros(shape, at::kFloat), role, torso_conv});
        return entries.back().tensor;
    }
    std::vector<Entry> entries;
    int64_t parameters = 0;

private:
    bool counting_;
};

inline std::string join(const std::string& prefix, const std::string& name) { return prefix + "." + name; }

// Norm groups and attention heads split a layer's channels evenly; `key` is the config entry that set `divisor`.
inline void require_divisor(int64_t channels, int64_t divisor, const std::string& key, const std::string& layer,
                     const std::string& source) {
    if (channels % divisor != 0)
        throw Error::at(source, "backbone.args." + key,
                        "a divisor of the " + std::to_string(channels) + " channels of " + layer,
                        std::to_string(divisor));
}

struct Conv {
    at::Tensor weight, bias;
    int64_t padding = 0;
    Conv() = default;
    Conv(Registry& r, const std::string& name, int64_t in, int64_t out, int64_t kernel, bool torso, bool is_1d = false)
        : padding(kernel / 2) {
        std::vector<int64_t> shape = {out, in, kernel};
        if (!is_1d) shape.push_back(kernel);
        weight = r.add(join(name, "weight"), shape, Role::Weight, torso);
        bias = r.add(join(name, "bias"), {out}, Role::Bias, torso);
    }
    at::Tensor operator()(const at::Tensor& x) const {
        return weight.dim() == 3 ? at::conv1d(x, weight, bias) : at::conv2d(x, weight, bias, 1, padding);
    }
};

struct Linear {
    at::Tensor weight, bias;
    Linear() = default;
    Linear(Registry& r, const std::string& name, int64_t in, int64_t out)
        : weight(r.add(join(name, "weight"), {out, in}, Role::Weight)), bias(r.add(join(name, "bias"), {out}, Role::Bias)) {}
    at::Tensor operator()(const at::Tensor& x) const { return at::linear(x, weight, bias); }
};

// GroupNorm32: normalises in float32 whatever the activation dtype.
struct GroupNorm {
    at::Tensor weight, bias;
    int64_t groups = 1;
    GroupNorm() = default;
    GroupNorm(Registry& r, const std::string& name, int64_t channels, const AdmUnetConfig& c, const std::string& source)
        : weight(r.add(join(name, "weight"), {channels}, Role::NormWeight)),
          bias(r.add(join(name, "bias"), {channels}, Role::NormBias)),
          groups(c.num_groups) {
        require_divisor(channels, groups, "num_groups", name, source);
    }
    at::Tensor operator()(const at::Tensor& x) const {
        return at::group_norm(x.to(at::kFloat), groups, weight, bias, 1e-5).to(x.scalar_type());
    }
};

enum class Resample { None, Up, Down };

inline at::Tensor resample(const at::Tensor& x, Resample how) {
    if (how == Resample::Down) return at::avg_pool2d(x, {2, 2}, {2, 2});
    if (how == Resample::Up) return at::upsample_nearest2d(x, {x.size(2) * 2, x.size(3) * 2});
    return x;
}

struct ResBlock {
    GroupNorm in_norm, out_norm;
    Conv in_conv, out_conv, skip;
    Linear emb_proj;
    Resample updown = Resample::None;
    bool has_skip = false;
    double dropout = 0.0;

    // Registers in IVID's order: in_layers, emb_layers, out_layers, skip_connection.
    ResBlock(Registry& r, const std::string& name, int64_t in, int64_t out, Resample how, const AdmUnetConfig& c,
             const std::string& source)
        : updown(how), has_skip(in != out), dropout(c.dropout) {
        in_norm = GroupNorm(r, join(name, "in_layers.0"), in, c, source);
        in_conv = Conv(r, join(name, "in_layers.2"), in, out, 3, true);
        emb_proj = Linear(r, join(name, "emb_layers.1"), c.embed_dim(), 2 * out);
        out_norm = GroupNorm(r, join(name, "out_layers.0"), out, c, source);
        out_conv = Conv(r, join(name, "out_layers.3"), out, out, 3, true);
        if (has_skip) skip = Conv(r, join(name, "skip_connection"), in, out, 1, true);
    }

    at::Tensor operator()(at::Tensor x, const at::Tensor& emb, bool training) const {
        at::Tensor h = at::silu(in_norm(x));
        h = in_conv(resample(h, updown));  // up/down blocks resample between SiLU and conv
        x = resample(x, updown);
        // FiLM: the projection's first half scales, the second shifts the normalised features.
        const auto film = emb_proj(at::silu(emb)).to(h.scalar_type()).unsqueeze(-1).unsqueeze(-1).chunk(2, 1);
        h = out_norm(h) * (1 + film[0]) + film[1];
        h = out_conv(at::dropout(at::silu(h), dropout, training));
        return (has_skip ? skip(x) : x) + h;
    }
};

struct Attention {
    GroupNorm norm;
    Conv qkv, proj_out;
    int64_t heads;

    Attention(Registry& r, const std::string& name, int64_t channels, const AdmUnetConfig& c, const std::string& source)
        : norm(r, join(name, "norm"), channels, c, source),
          qkv(r, join(name, "qkv"), channels, 3 * channels, 1, true, true),
          proj_out(r, join(name, "proj_out"), channels, channels, 1, true, true),
          heads(c.heads_for(int(channels))) {
        if (c.num_head_channels != -1) require_divisor(channels, c.num_head_channels, "num_head_channels", name, source);
        require_divisor(channels, heads, "num_heads", name, source);
    }

    at::Tensor operator()(const at::Tensor& input) const {
        const int64_t b = input.size(0), c = input.size(1), ch = c / heads;
        const at::Tensor x = input.reshape({b, c, -1});
        const int64_t length = x.size(2);
        // Head-major split: per head, ch channels of q, then k, then v.
        const auto parts = qkv(norm(x)).reshape({b * heads, 3 * ch, length}).split(ch, 1);
        const double scale = 1.0 / std::sqrt(std::sqrt(double(ch)));  // on q and k: stable in fp16
        at::Tensor weight = at::bmm((parts[0] * scale).transpose(1, 2), parts[1] * scale);  // [B, t, s]
        weight = at::softmax(weight.to(at::kFloat), -1).to(weight.scalar_type());
        const at::Tensor a = at::bmm(parts[2], weight.transpose(1, 2)).reshape({b, c, length});
        return (x + proj_out(a)).reshape(input.sizes());
    }
};

// One entry of input_blocks / middle_block / output_blocks: IVID's ModSequential.
using Layer = std::variant<Conv, ResBlock, Attention>;
struct Block {
    std::vector<Layer> layers;
    at::Tensor operator()(at::Tensor h, const at::Tensor& emb, bool training) const {
        for (const auto& layer : layers) {
            if (const auto* conv = std::get_if<Conv>(&layer)) h = (*conv)(h);
            else if (const auto* res = std::get_if<ResBlock>(&layer)) h = (*res)(h, emb, training);
            else h = std::get<Attention>(layer)(h);
        }
        return h;
    }
};

}  // namespace adm

struct AdmUnet::Impl {
    AdmUnetConfig config;
    std::string source;
    adm::Registry registry;
    at::Tensor freqs;
    adm::Linear time_in, time_out;
    at::Tensor label_emb;
    std::vector<adm::Block> input_blocks, output_blocks;
    adm::Block middle_block;
    adm::GroupNorm out_norm;
    adm::Conv out_conv;
    bool training = false;
    at::ScalarType torso_dtype = at::kFloat;
    Autocast autocast = Autocast::None;

    Impl(const AdmUnetConfig& c, std::string src, bool counting = false);
    at::Tensor class_embedding(const at::Tensor& classes, int64_t batch) const;
    // Checks x and t as forward does (Errors naming what was expected).
    void check_inputs(const at::Tensor& x, const at::Tensor& t) const;
    // The time (and class) embedding [N, embed_dim] that every res block's FiLM projection reads.
    at::Tensor embedding(const at::Tensor& t, const at::Tensor& classes, int64_t batch) const;
    at::Tensor forward(const at::Tensor& x, const at::Tensor& t, const at::Tensor& classes) const;
};

}  // namespace ivid::nn

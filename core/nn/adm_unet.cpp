#include "core/nn/adm_unet.hpp"

#include <algorithm>
#include <cmath>
#include <map>

#include <ATen/ATen.h>
#include <ATen/CPUGeneratorImpl.h>
#include <ATen/core/grad_mode.h>
#include <c10/core/InferenceMode.h>

#include "core/nn/adm_unet_layers.hpp"
#include "core/util/error.hpp"
#include "core/util/machine_memory.hpp"

namespace ivid::nn {
using namespace adm;  // the layers (adm_unet_layers.hpp)

namespace {

// The size keys of a config, for messages about networks too large for the machine.
std::string size_keys(const AdmUnetConfig& c) {
    std::string mult;
    for (int m : c.channel_mult) mult += (mult.empty() ? "" : ",") + std::to_string(m);
    return "model_channels " + std::to_string(c.model_channels) + ", channel_mult [" + mult + "], num_res_blocks " +
           std::to_string(c.num_res_blocks) + ", image_size " + std::to_string(c.image_size);
}

// Peak memory of an inference forward, estimated from the layer sizes: every input block's
// output is kept for its skip connection, plus a few working copies of the largest activation
// and the largest attention matrix (heads x tokens^2: the fourth power of the input size).
double forward_bytes(const AdmUnetConfig& c, int64_t batch, int64_t height, int64_t width) {
    double pixels = double(height) * double(width), channels = double(c.channel_mult[0]) * c.model_channels;
    double kept = channels * pixels, largest = kept, attention = 0;
    int ds = c.image_size;
    for (size_t level = 0; level < c.channel_mult.size(); ++level) {
        channels = double(c.channel_mult[level]) * c.model_channels;
        const bool attends = std::find(c.attention_resolutions.begin(), c.attention_resolutions.end(), ds) !=
                             c.attention_resolutions.end();
        kept += c.num_res_blocks * channels * pixels;
        largest = std::max(largest, 2 * channels * pixels);  // the concatenation on the way up
        if (attends) attention = std::max(attention, c.heads_for(int(channels)) * pixels * pixels);
        pixels /= 4;
        ds /= 2;
    }
    return 4.0 * double(batch) * (kept + 4 * largest + attention);
}


std::string shape_text(at::IntArrayRef sizes) {
    std::string s = "[";
    for (size_t i = 0; i < sizes.size(); ++i) s += (i ? ", " : "") + std::to_string(sizes[i]);
    return s + "]";
}

void require_forward_memory(const AdmUnetConfig& c, const std::string& source, at::IntArrayRef input) {
    require_fits_in_memory(forward_bytes(c, input[0], input[2], input[3]), source + ": a forward of " + shape_text(input),
                           "use a smaller batch or image size");
}

// "3 missing keys: a, b, c"; long lists (a checkpoint of another config) stop after 12 names.
std::string listing(const std::vector<std::string>& items, const std::string& singular, const std::string& plural) {
    constexpr size_t kShown = 12;
    std::string s = std::to_string(items.size()) + " " + (items.size() == 1 ? singular : plural) + ": ";
    for (size_t i = 0; i < items.size() && i < kShown; ++i) s += (i ? ", " : "") + items[i];
    if (items.size() > kShown) s += ", ... (" + std::to_string(items.size() - kShown) + " more)";
    return s;
}

}  // namespace

AdmUnet::Impl::Impl(const AdmUnetConfig& c, std::string src, bool counting)
    : config(c), source(std::move(src)), registry(counting) {
    const int64_t mc = c.model_channels, half = mc / 2;
    freqs = registry.add("time_embed.0.freqs", {half}, Role::Buffer);
    time_in = Linear(registry, "time_embed.1", mc, c.embed_dim());
    time_out = Linear(registry, "time_embed.3", c.embed_dim(), c.embed_dim());
    if (c.num_classes) label_emb = registry.add("label_emb.weight", {*c.num_classes, c.embed_dim()}, Role::Embedding);

    auto block_name = [](const char* list, size_t index, size_t layer) {
        return std::string(list) + "." + std::to_string(index) + "." + std::to_string(layer);
    };
    // `ds` follows the configured image size, not the input's (README: resolution bookkeeping).
    int ds = c.image_size;
    auto wants_attention = [&] {
        for (int r : c.attention_resolutions) if (r == ds) return true;
        return false;
    };
    int64_t ch = int64_t(c.channel_mult[0]) * mc;
    const int64_t head_channels = ch;
    input_blocks.push_back({{Conv(registry, block_name("input_blocks", 0, 0), c.in_channels, ch, 3, true)}});
    std::vector<int64_t> skip_channels = {ch};
    for (size_t level = 0; level < c.channel_mult.size(); ++level) {
        const int64_t out = int64_t(c.channel_mult[level]) * mc;
        for (int i = 0; i < c.num_res_blocks; ++i) {
            const size_t index = input_blocks.size();
            Block block{{ResBlock(registry, block_name("input_blocks", index, 0), ch, out, Resample::None, c, source)}};
            ch = out;
            if (wants_attention())
                block.layers.push_back(Attention(registry, block_name("input_blocks", index, 1), ch, c, source));
            input_blocks.push_back(std::move(block));
            skip_channels.push_back(ch);
        }
        if (level + 1 != c.channel_mult.size()) {
            const size_t index = input_blocks.size();
            input_blocks.push_back({{ResBlock(registry, block_name("input_blocks", index, 0), ch, ch, Resample::Down, c, source)}});
            skip_channels.push_back(ch);
            ds /= 2;
        }
    }
    middle_block.layers.push_back(ResBlock(registry, "middle_block.0", ch, ch, Resample::None, c, source));
    middle_block.layers.push_back(Attention(registry, "middle_block.1", ch, c, source));
    middle_block.layers.push_back(ResBlock(registry, "middle_block.2", ch, ch, Resample::None, c, source));

    for (size_t level = c.channel_mult.size(); level-- > 0;) {
        const int64_t out = int64_t(c.channel_mult[level]) * mc;
        for (int i = 0; i <= c.num_res_blocks; ++i) {
            const size_t index = output_blocks.size();
            Block block{{ResBlock(registry, block_name("output_blocks", index, 0), ch + skip_channels.back(), out,
                                  Resample::None, c, source)}};
            skip_channels.pop_back();
            ch = out;
            if (wants_attention())
                block.layers.push_back(Attention(registry, block_name("output_blocks", index, 1), ch, c, source));
            if (level > 0 && i == c.num_res_blocks) {
                block.layers.push_back(ResBlock(registry, block_name("output_blocks", index, block.layers.size()), ch,
                                                ch, Resample::Up, c, source));
                ds *= 2;
            }
            output_blocks.push_back(std::move(block));
        }
    }
    out_norm = GroupNorm(registry, "out.0", ch, c, source);
    out_conv = Conv(registry, "out.2", head_channels, c.out_channels, 3, false);
    // IVID registers the encoding frequencies as a buffer; a checkpoint may overwrite them.
    if (counting) return;
    freqs.copy_(at::exp(-std::log(10000.0) * at::arange(half, at::kFloat) / double(half)));
}


at::Tensor AdmUnet::Impl::class_embedding(const at::Tensor& classes, int64_t batch) const {
    if (!config.num_classes) throw Error(source + ": classes given to a model without num_classes");
    if (classes.dim() != 1 || classes.size(0) != batch || classes.scalar_type() != at::kLong)
        throw Error(source + ": classes: expected an int64 tensor of shape [" + std::to_string(batch) + "], found " +
                    std::string(c10::toString(classes.scalar_type())) + " " + shape_text(classes.sizes()));
    const at::Tensor cpu = classes.to(at::kCPU);
    const int64_t lowest = config.has_null_class ? -1 : 0;
    const int64_t lo = cpu.min().item<int64_t>(), hi = cpu.max().item<int64_t>();
    if (lo < lowest || hi >= *config.num_classes)
        throw Error(source + ": class id out of range: expected " + std::to_string(lowest) + " .. " +
                    std::to_string(*config.num_classes - 1) + ", found " + std::to_string(lo < lowest ? lo : hi));
    const at::Tensor valid = classes.ge(0);
    at::Tensor e = at::embedding(label_emb, classes * valid);
    return config.has_null_class ? e * valid.unsqueeze(1) : e;
}

void AdmUnet::Impl::check_inputs(const at::Tensor& x, const at::Tensor& t) const {
    if (x.dim() != 4 || x.size(1) != config.in_channels || !x.is_floating_point())
        throw Error(source + ": input x: expected a float tensor [N, " + std::to_string(config.in_channels) +
                    ", H, W], found " + std::string(c10::toString(x.scalar_type())) + " " + shape_text(x.sizes()));
    const int64_t levels = int64_t(config.channel_mult.size()) - 1, step = int64_t(1) << levels;
    if (x.size(2) % step != 0 || x.size(3) % step != 0)
        throw Error(source + ": input x: height and width must be multiples of " + std::to_string(step) + " (" +
                    std::to_string(levels) + " downsamplings), found " + shape_text(x.sizes()));
    const int64_t n = x.size(0);
    require_forward_memory(config, source, x.sizes());
    if (t.dim() != 1 || t.size(0) != n || t.is_floating_point())
        throw Error(source + ": timesteps t: expected integers of shape [" + std::to_string(n) + "], found " +
                    std::string(c10::toString(t.scalar_type())) + " " + shape_text(t.sizes()));
}

at::Tensor AdmUnet::Impl::embedding(const at::Tensor& t, const at::Tensor& classes, int64_t batch) const {
    const at::Tensor angles = t.to(freqs.device(), at::kFloat).unsqueeze(1) * freqs.unsqueeze(0);
    at::Tensor emb = time_out(at::silu(time_in(at::cat({at::cos(angles), at::sin(angles)}, -1))));
    if (classes.defined()) emb = emb + class_embedding(classes.to(freqs.device()), batch);
    return emb;
}

at::Tensor AdmUnet::Impl::forward(const at::Tensor& x, const at::Tensor& t, const at::Tensor& classes) const {
    check_inputs(x, t);
    const at::Tensor emb = embedding(t, classes, x.size(0));
    std::vector<at::Tensor> skips;
    at::Tensor h = x.to(freqs.device(), torso_dtype);
    for (const auto& block : input_blocks) {
        h = block(h, emb, training);
        skips.push_back(h);
    }
    h = middle_block(h, emb, training);
    for (const auto& block : output_blocks) {
        h = block(at::cat({h, skips.back()}, 1), emb, training);  // current features first, skip second
        skips.pop_back();
    }
    return out_conv(at::silu(out_norm(h.to(x.scalar_type()))));
}


namespace {

// Refuses a network whose parameters alone exceed the machine's memory, naming the keys that
// size it, before a byte of it is allocated.
const AdmUnetConfig& require_parameters_fit(const AdmUnetConfig& config, const std::string& source) {
    const double bytes = 4.0 * double(AdmUnet::count_parameters(config, source));
    require_fits_in_memory(bytes, source + ": backbone.args: the network of " + size_keys(config), "reduce these keys");
    return config;
}

}  // namespace

int64_t AdmUnet::count_parameters(const AdmUnetConfig& config, const std::string& source) {
    return Impl(config, source, /*counting=*/true).registry.parameters;
}

AdmUnet::AdmUnet(const AdmUnetConfig& config, const std::string& source)
    : impl_(std::make_unique<Impl>(require_parameters_fit(config, source), source)) {
    randomize(0);
}
AdmUnet::~AdmUnet() = default;
AdmUnet::AdmUnet(AdmUnet&&) noexcept = default;
AdmUnet& AdmUnet::operator=(AdmUnet&&) noexcept = default;

const AdmUnetConfig& AdmUnet::config() const { return impl_->config; }

void AdmUnet::require_forward_fits(int64_t batch, int64_t height, int64_t width) const {
    require_forward_memory(impl_->config, impl_->source, {batch, impl_->config.in_channels, height, width});
}

at::Tensor AdmUnet::forward(const at::Tensor& x, const at::Tensor& t, const at::Tensor& classes) const {
    const AutocastGuard mixed_precision(impl_->autocast, device());
    // Under autocast the last convolution answers in fp16/bf16; callers always get float32.
    if (impl_->training) return impl_->forward(x, t, classes).to(at::kFloat);
    c10::InferenceMode no_autograd;
    return impl_->forward(x, t, classes).to(at::kFloat);
}

void AdmUnet::load_state_dict(const StateDict& state, const std::string& source) {
    std::map<std::string, const Entry*> ours;
    for (const auto& e : impl_->registry.entries) ours[e.name] = &e;
    std::vector<std::string> unexpected, mismatched, missing;
    std::map<std::string, const at::Tensor*> given;
    for (const auto& [name, tensor] : state) {
        given[name] = &tensor;
        auto it = ours.find(name);
        if (it == ours.end())
            unexpected.push_back(name);
        else if (tensor.sizes() != it->second->tensor.sizes() || !tensor.is_floating_point())
            mismatched.push_back(name + " (model " + shape_text(it->second->tensor.sizes()) + ", checkpoint " +
                                 std::string(c10::toString(tensor.scalar_type())) + " " + shape_text(tensor.sizes()) + ")");
    }
    for (const auto& e : impl_->registry.entries)
        if (!given.count(e.name)) missing.push_back(e.name);
    if (!unexpected.empty() || !mismatched.empty() || !missing.empty()) {
        std::string message = source + ": checkpoint does not match the AdmUnet2d of " + impl_->source;
        if (!missing.empty()) message += "; " + listing(missing, "missing key", "missing keys");
        if (!unexpected.empty()) message += "; " + listing(unexpected, "unexpected key", "unexpected keys");
        if (!mismatched.empty()) message += "; " + listing(mismatched, "shape mismatch", "shape mismatches");
        throw Error(message);
    }
    at::NoGradGuard no_grad;
    for (auto& e : impl_->registry.entries) e.tensor.copy_(*given.at(e.name));
}

StateDict AdmUnet::state_dict() const {
    StateDict out;
    for (const auto& e : impl_->registry.entries) out.push_back({e.name, e.tensor});
    return out;
}

std::vector<at::Tensor> AdmUnet::parameters() const {
    std::vector<at::Tensor> out;
    for (const auto& e : impl_->registry.entries)
        if (e.role != Role::Buffer) out.push_back(e.tensor);
    return out;
}

int64_t AdmUnet::parameter_count() const {
    int64_t n = 0;
    for (const auto& p : parameters()) n += p.numel();
    return n;
}

void AdmUnet::randomize(uint64_t seed) {
    at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    at::NoGradGuard no_grad;
    for (auto& e : impl_->registry.entries) {
        const auto shape = e.tensor.sizes();
        const double fan_in = double(e.tensor.numel()) / double(shape[0]);
        const auto normal = [&](double mean, double std) {
            return at::normal(mean, std, shape, gen, at::TensorOptions().dtype(at::kFloat));
        };
        switch (e.role) {
            case Role::Weight: e.tensor.copy_(normal(0.0, 1.0 / std::sqrt(fan_in))); break;
            case Role::Bias: e.tensor.copy_(normal(0.0, 0.05)); break;
            case Role::NormWeight: e.tensor.copy_(normal(1.0, 0.1)); break;
            case Role::NormBias: e.tensor.copy_(normal(0.0, 0.1)); break;
            case Role::Embedding: e.tensor.copy_(normal(0.0, 1.0)); break;
            case Role::Buffer: break;
        }
    }
}

void AdmUnet::initialize_for_training(uint64_t seed) {
    at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(seed);
    at::NoGradGuard no_grad;
    // Layers ADM wraps in zero_module: each residual branch and the output start as zero.
    const auto zeroed = [](const std::string& name) {
        return name.rfind("out.2.", 0) == 0 || name.find(".out_layers.3.") != std::string::npos ||
               name.find(".proj_out.") != std::string::npos;
    };
    std::map<std::string, double> weight_fan_in;  // a bias takes its layer's fan-in
    for (auto& e : impl_->registry.entries) {
        const auto shape = e.tensor.sizes();
        const auto options = at::TensorOptions().dtype(at::kFloat);
        const auto layer = e.name.substr(0, e.name.rfind('.'));
        if (e.role == Role::Weight) weight_fan_in[layer] = double(e.tensor.numel()) / double(shape[0]);
        at::Tensor value;
        if (e.role == Role::Buffer) continue;
        if (zeroed(e.name)) value = at::zeros(shape, options);
        else if (e.role == Role::Weight || e.role == Role::Bias) {
            const double bound = 1.0 / std::sqrt(weight_fan_in.at(layer));
            value = at::rand(shape, gen, options) * (2.0 * bound) - bound;
        } else if (e.role == Role::NormWeight) value = at::ones(shape, options);
        else if (e.role == Role::NormBias) value = at::zeros(shape, options);
        else value = at::normal(0.0, 1.0, shape, gen, options);
        e.tensor.copy_(value);
    }
}

void AdmUnet::to(const c10::Device& device) {
    at::NoGradGuard no_grad;
    const bool half_torso = impl_->config.use_fp16 && device.is_cuda();
    for (auto& e : impl_->registry.entries)
        e.tensor.set_data(e.tensor.to(device, e.torso_conv && half_torso ? at::kHalf : at::kFloat));
    impl_->torso_dtype = half_torso ? at::kHalf : at::kFloat;
}

c10::Device AdmUnet::device() const { return impl_->freqs.device(); }

void AdmUnet::set_training(bool training) {
    impl_->training = training;
    for (auto& p : parameters()) p.requires_grad_(training);
}

void AdmUnet::set_autocast(Autocast mode) {
    require_autocast_support(mode, device());
    impl_->autocast = mode;
}

Autocast AdmUnet::autocast() const { return impl_->autocast; }

AdmUnet load_adm_unet(const ModelConfig& config, const std::optional<std::filesystem::path>& checkpoint) {
    AdmUnet net(config.backbone, config.file);
    if (checkpoint) net.load_state_dict(read_checkpoint(*checkpoint), checkpoint->string());
    return net;
}

}  // namespace ivid::nn

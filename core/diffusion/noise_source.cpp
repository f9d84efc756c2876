#include "core/diffusion/noise_source.hpp"

#include <ATen/CPUGeneratorImpl.h>

#include "core/util/error.hpp"

namespace ivid::diffusion {

namespace {

std::string shape_text(at::IntArrayRef shape) {
    std::string s = "[";
    for (size_t i = 0; i < shape.size(); ++i) s += (i ? ", " : "") + std::to_string(shape[i]);
    return s + "]";
}

void require_shape(const at::Tensor& t, at::IntArrayRef expected, const std::string& what) {
    if (!t.defined() || t.sizes() != expected)
        throw Error::at("", what, shape_text(expected), t.defined() ? shape_text(t.sizes()) : "none");
}

}  // namespace

SeededNoise::SeededNoise(uint64_t seed) : generator_(at::make_generator<at::CPUGeneratorImpl>(seed)) {}

at::Tensor SeededNoise::initial(at::IntArrayRef shape) {
    return at::randn(shape, generator_, at::kFloat);
}

CondFillNoise SeededNoise::cond_fill(int, int64_t n, int64_t h, int64_t w) {
    // PyTorch's CPU normal_ fills a non-contiguous tensor element by element in memory order,
    // so the channels-last layout is part of the recipe.
    at::Tensor rgb = at::empty({n, 3, h, w}, at::TensorOptions(at::kFloat)
                                                 .memory_format(at::MemoryFormat::ChannelsLast));
    rgb.normal_(0.0, 1.0, generator_);
    at::Tensor depth = at::randn({n, 1, h, w}, generator_, at::kFloat);
    return {rgb, depth};
}

at::Tensor SeededNoise::step_noise(int, at::IntArrayRef shape) {
    return at::randn(shape, generator_, at::kFloat);
}

ReplayNoise::ReplayNoise(at::Tensor initial, at::Tensor fill_rgb, at::Tensor fill_depth)
    : initial_(std::move(initial)), fill_rgb_(std::move(fill_rgb)), fill_depth_(std::move(fill_depth)) {
    if (fill_rgb_.defined() != fill_depth_.defined())
        throw Error("noise replay: fill noise needs both the RGB and the depth recording");
    if (fill_rgb_.defined() && (fill_rgb_.dim() != 5 || fill_rgb_.size(2) != 3))
        throw Error::at("", "recorded RGB fill noise", "[S, N, 3, H, W]", shape_text(fill_rgb_.sizes()));
    if (fill_depth_.defined() && (fill_depth_.dim() != 5 || fill_depth_.size(2) != 1))
        throw Error::at("", "recorded depth fill noise", "[S, N, 1, H, W]", shape_text(fill_depth_.sizes()));
}

at::Tensor ReplayNoise::initial(at::IntArrayRef shape) {
    require_shape(initial_, shape, "recorded initial noise");
    return initial_;
}

CondFillNoise ReplayNoise::cond_fill(int step, int64_t n, int64_t h, int64_t w) {
    if (!fill_rgb_.defined()) throw Error("noise replay: no fill noise was recorded");
    if (step < 0 || step >= fill_rgb_.size(0))
        throw Error::at("", "noise replay step", "0.." + std::to_string(fill_rgb_.size(0) - 1),
                        std::to_string(step));
    CondFillNoise fill{fill_rgb_[step], fill_depth_[step]};
    require_shape(fill.rgb, {n, 3, h, w}, "recorded RGB fill noise of step " + std::to_string(step));
    require_shape(fill.depth, {n, 1, h, w}, "recorded depth fill noise of step " + std::to_string(step));
    return fill;
}

at::Tensor ReplayNoise::step_noise(int, at::IntArrayRef shape) { return at::zeros(shape, at::kFloat); }

at::Tensor initial_noise_from_seeds(const std::vector<uint64_t>& seeds, int64_t channels,
                                    int64_t height, int64_t width) {
    if (seeds.empty()) throw Error("initial noise: no seeds given");
    std::vector<at::Tensor> draws;
    for (uint64_t seed : seeds) {
        at::Generator gen = at::make_generator<at::CPUGeneratorImpl>(seed);
        draws.push_back(at::randn({1, channels, height, width}, gen, at::kFloat));
    }
    return at::cat(draws, 0);
}

}  // namespace ivid::diffusion

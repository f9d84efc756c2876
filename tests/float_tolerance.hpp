// Tolerances for float32 results, derived from how the numbers are computed instead of tuned on
// one CPU. Two correct float32 evaluations of the same function differ by rounding: OpenBLAS picks
// its kernels at run time (Haswell, SkylakeX, Zen, ...), oneDNN its ISA, and LibTorch picks another
// convolution backend for a batch than for one image; each sums the same products in another
// order, with or without FMA. Nothing here depends on the CPU the suite was written on.
//
// The model: a reduction of K terms in float32 (dot product, sum, mean) has a relative error of at
// most K·u, u = 2^-24, relative to the sum of the magnitudes of its terms (Higham, Accuracy and
// Stability of Numerical Algorithms, 2nd ed., §3.1, to first order). Elementwise operations add
// about one u each and are negligible beside reductions. In a network whose activations are
// renormalised (GroupNorm) the relative errors of the layers on the longest path add up, so an
// output differs from the exact value by at most u·ΣK_l times the output's magnitude scale. Two
// float32 evaluations may err in opposite directions: their difference gets twice that.
#pragma once

#include <algorithm>
#include <vector>

#include "core/nn/adm_config.hpp"

namespace ivid::test {

constexpr double kFloat32Roundoff = 0x1p-24;  // u: half the spacing of floats in [1, 2)
constexpr double kBfloat16Roundoff = 0x1p-9;  // bf16 keeps 8 significant bits
constexpr double kFloat16Roundoff = 0x1p-11;  // fp16 keeps 11 significant bits

// One reduction on a path through a network: its number of terms, and whether it is a product
// (convolution, linear layer, matrix product) whose operands autocast rounds to 16 bits.
struct Reduction {
    double terms;
    bool product;
};

// Worst-case relative error of a float32 result after the reductions in sequence.
inline double float32_chain_error(const std::vector<Reduction>& chain) {
    double sum = 0;
    for (const Reduction& r : chain) sum += r.terms;
    return sum * kFloat32Roundoff;
}

// The same under 16-bit autocast: each product rounds both operands to 16 bits (relative error up
// to 2·roundoff per layer: 2·2^-9 for bf16, 2·2^-11 for fp16); oneDNN and cuDNN accumulate in
// float32, which adds the float32 chain error.
inline double autocast_chain_error(const std::vector<Reduction>& chain, double roundoff16) {
    double products = 0;
    for (const Reduction& r : chain) products += r.product ? 1 : 0;
    return products * 2 * roundoff16 + float32_chain_error(chain);
}

// Reduction lengths along the longest path of IVID's AdmUnet2d (ADM layout: input conv, res blocks
// and attention per level down, middle block, res blocks with skip concatenation up, output conv),
// for an input of the config's image size. A res block reduces in GroupNorm (C/G·H·W terms),
// its two 3x3 convolutions (9·C_in each) and the time-embedding projection (4·model_channels);
// attention in GroupNorm, the qkv and output projections (C), q·k (head channels) and the softmax
// sum and weighted sum (H·W each).
inline std::vector<Reduction> adm_unet_reductions(const nn::AdmUnetConfig& c) {
    std::vector<Reduction> k;
    const double mc = c.model_channels, embed = c.embed_dim();
    auto product = [&](double terms) { k.push_back({terms, true}); };
    auto sum = [&](double terms) { k.push_back({terms, false}); };
    product(mc);     // time embedding: first linear layer
    product(embed);  // second linear layer
    auto res_block = [&](double c_in, double c_out, double pixels) {
        sum(c_in / c.num_groups * pixels);
        product(9 * c_in);
        product(embed);
        sum(c_out / c.num_groups * pixels);
        product(9 * c_out);
    };
    auto attention = [&](double ch, double pixels) {
        const double head = c.num_head_channels > 0 ? c.num_head_channels : ch / c.num_heads;
        sum(ch / c.num_groups * pixels);
        product(ch);      // qkv projection
        product(head);    // q·k
        sum(pixels);      // softmax normalisation
        product(pixels);  // weighted sum of v
        product(ch);      // output projection
    };
    auto has_attention = [&](int size) {
        const auto& a = c.attention_resolutions;
        return std::find(a.begin(), a.end(), size) != a.end();
    };
    product(9.0 * c.in_channels);  // input convolution
    int size = c.image_size;
    double ch = mc;
    std::vector<double> skips = {ch};
    for (size_t level = 0; level < c.channel_mult.size(); ++level) {
        for (int b = 0; b < c.num_res_blocks; ++b) {
            const double out = mc * c.channel_mult[level];
            res_block(ch, out, double(size) * size);
            ch = out;
            if (has_attention(size)) attention(ch, double(size) * size);
            skips.push_back(ch);
        }
        if (level + 1 < c.channel_mult.size()) {
            product(9 * ch);  // downsampling convolution
            size /= 2;
            skips.push_back(ch);
        }
    }
    res_block(ch, ch, double(size) * size);  // middle block
    attention(ch, double(size) * size);
    res_block(ch, ch, double(size) * size);
    for (size_t level = c.channel_mult.size(); level-- > 0;) {
        for (int b = 0; b <= c.num_res_blocks; ++b) {
            const double out = mc * c.channel_mult[level];
            res_block(ch + skips.back(), out, double(size) * size);
            skips.pop_back();
            ch = out;
            if (has_attention(size)) attention(ch, double(size) * size);
        }
        if (level > 0) {
            size *= 2;
            product(9 * ch);  // upsampling convolution
        }
    }
    sum(ch / c.num_groups * double(size) * size);  // output GroupNorm
    product(9 * ch);                                // output convolution
    return k;
}

// Largest difference two correct float32 forward passes of the network may show, relative to the
// output's largest magnitude.
inline double adm_unet_pair_tolerance(const nn::AdmUnetConfig& c) {
    return 2 * float32_chain_error(adm_unet_reductions(c));
}

}  // namespace ivid::test

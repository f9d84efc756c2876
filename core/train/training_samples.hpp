// Sample grids written while training, so progress can be seen and not only read off the loss:
// the EMA network sampled with DDIM (eta 1, x0 clipped) from fixed seeds (the same noise every time).
#pragma once

#include <filesystem>

#include "core/nn/adm_unet.hpp"
#include "core/train/batch_source.hpp"
#include "core/train/training_config.hpp"

namespace ivid::train {

// Unconditional: rows colour, depth (turbo). Conditional: the first sample_count pairs of
// `validation` (a fixed batch), rows condition colour, sampled colour, original colour, then
// condition depth, sampled depth, original depth. Super-resolution: rows low-res input (as the
// model sees it, upsampled bilinearly), upsampled output and truth, colour then depth. Written
// atomically as PNG.
void write_sample_grid(const nn::AdmUnet& ema_net, const TrainingConfig& config, const TrainingBatch& validation,
                       const std::filesystem::path& file);

}  // namespace ivid::train

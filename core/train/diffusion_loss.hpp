// IVID's training_losses for the three frameworks: noise a batch at uniformly drawn timesteps,
// drop classes for classifier-free guidance, build the network's input (x_t alone, with the
// partial view, or with the upsampled low-res image) and backpropagate the MSE on the noise.
#pragma once

#include <c10/core/Device.h>

#include "core/nn/adm_unet.hpp"
#include "core/train/batch_source.hpp"
#include "core/train/training_config.hpp"

namespace ivid::train {

struct LossInputs {
    at::Tensor input;    // the network's input [B, C_in, H, W]
    at::Tensor t;        // timestep indices [B]
    at::Tensor classes;  // [B] with dropped ones -1; undefined without classes
    at::Tensor noise;    // the target eps [B, 4, H, W]
};

// Every draw (timesteps, noise, class dropout, fill noise) comes from batch.noise_seed and is
// made for the step's whole global batch, so the numbers do not depend on how the batch is later
// split, into micro-batches or over ranks. alpha_bar: [T] float.
LossInputs loss_inputs(const TrainingConfig& config, const at::Tensor& alpha_bar, const TrainingBatch& batch,
                       const c10::Device& device);

// The batch's MSE on eps, backpropagated into net's gradients (added to them) in `split` equal
// micro-batches (IVID's batch_split: less memory), each weighted 1/split so the gradient is the
// whole batch's. Returns the batch's loss; a non-finite one is returned without backpropagating.
double backward_loss(const nn::AdmUnet& net, const LossInputs& in, int split);

}  // namespace ivid::train

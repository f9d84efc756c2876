// Training batches, prepared on a background thread while the network trains. Batch `step` is a
// pure function of (seed, step): which images, for conditional models each image's warp pair, for
// super-resolution models each low-res image's blur, so a resumed run sees exactly the batches the
// uninterrupted run would have seen. In data-parallel training each rank builds only its slice
// of the step's global batch (item i is the same whichever rank builds it), so R ranks of batch b
// see exactly what one process of batch R * b would.
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <exception>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

#include <ATen/ATen.h>

#include "core/dataset/rgbd_dataset.hpp"
#include "core/train/training_config.hpp"

namespace ivid::train {

// Which items of a step's global batch this rank builds: [first, first + count) of global_size.
struct BatchSlice {
    int64_t global_size = 0;
    int64_t first = 0;
    int64_t count = 0;
    static BatchSlice whole(int64_t size) { return {size, 0, size}; }
    static BatchSlice of_rank(int64_t per_rank, int rank, int ranks) { return {per_rank * ranks, per_rank * rank, per_rank}; }
};

struct TrainingBatch {
    int64_t step = 0;
    BatchSlice slice;         // which items of the step's global batch these are
    uint64_t noise_seed = 0;  // the step's timesteps, noise and class dropout (whole global batch)
    at::Tensor x0;        // [B, 4, H, W] RGBD in [-1, 1]
    at::Tensor classes;   // [B] int64; undefined for models without classes
    at::Tensor y;         // conditional: [B, 4, H, W] warped RGBD in [-1, 1], 0 outside mask
    at::Tensor mask;      // conditional: [B, 1, H, W]
    at::Tensor mask_rgb;  // conditional with erode_rgb: [B, 1, H, W]
    at::Tensor low_res;   // super-resolution: [B, 4, h, w] blurred low-res RGBD in [-1, 1]
};

// The dataset loaded into memory at the model's size (images are small; loading once keeps
// the training loop free of disk and decode time).
struct LowResPair {  // super-resolution: a sample's low-res image before its per-batch blur
    ImageU8 colour;
    Image depth;
};
struct LoadedDataset {
    std::vector<dataset::RgbdSample> samples;
    std::vector<LowResPair> low_res;  // super-resolution models only, one per sample
    size_t class_count = 0;
};
// Loads every image (Error naming the file on bad input). Needs labels when the model has
// classes, and label ids below its class count.
LoadedDataset load_training_data(const dataset::RgbdDataset& data, const TrainingConfig& config,
                                 const std::function<void()>& on_loaded = {});

// Builds `slice` of batch `step` on the calling thread.
TrainingBatch make_batch(const LoadedDataset& data, const TrainingConfig& config, int64_t step, const BatchSlice& slice);

// Batches first_step, first_step + 1, ... made ahead on a worker thread (queue of `depth`).
class BatchSource {
public:
    BatchSource(const LoadedDataset& data, const TrainingConfig& config, const BatchSlice& slice, int64_t first_step,
                int depth = 2);
    ~BatchSource();
    BatchSource(const BatchSource&) = delete;
    BatchSource& operator=(const BatchSource&) = delete;
    // The next batch; rethrows the worker's error.
    TrainingBatch next();

private:
    void run(int64_t first_step);

    const LoadedDataset& data_;
    const TrainingConfig& config_;
    const BatchSlice slice_;
    const size_t depth_;
    std::mutex mutex_;
    std::condition_variable changed_;
    std::deque<TrainingBatch> ready_;
    std::exception_ptr error_;
    bool stop_ = false;
    std::thread worker_;
};

}  // namespace ivid::train

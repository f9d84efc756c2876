#include "core/train/batch_source.hpp"

#include <optional>
#include <random>

#include <omp.h>

#include "core/dataset/sr_low_res.hpp"
#include "core/dataset/warp_pair_sampler.hpp"
#include "core/diffusion/rgbd_tensor.hpp"
#include "core/util/error.hpp"

namespace ivid::train {
namespace {

// One seed per (run seed, step, item): SplitMix64 steps keep nearby inputs unrelated.
uint64_t mix(uint64_t a, uint64_t b) {
    uint64_t z = a + 0x9e3779b97f4a7c15ull * (b + 1);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
    return z ^ (z >> 31);
}

}  // namespace

LoadedDataset load_training_data(const dataset::RgbdDataset& data, const TrainingConfig& config,
                                 const std::function<void()>& on_loaded) {
    if (data.size() == 0) throw Error(data.root().string() + ": the dataset holds no images");
    const auto& classes = config.model.backbone.num_classes;
    LoadedDataset out;
    out.class_count = data.class_names().size();
    if (classes && out.class_count == 0)
        throw Error(data.root().string() + ": the model " + config.model.file + " is class-conditional (num_classes " +
                    std::to_string(*classes) + ") but the dataset has no class folders (images/<class>/...)");
    if (classes && out.class_count > size_t(*classes))
        throw Error(data.root().string() + ": the dataset has " + std::to_string(out.class_count) +
                    " classes, more than the model's num_classes " + std::to_string(*classes) + " (" +
                    config.model.file + ")");
    std::optional<dataset::RgbdDataset> paired;  // super-resolution with low_res_data
    if (config.role == ModelRole::SuperResolution && !config.low_res_data.empty()) {
        try {
            paired.emplace(config.low_res_data);
        } catch (const Error& e) {
            throw Error(config.model.file + ": dataset.args.low_res_data: " + e.what());
        }
        if (paired->size() != data.size())
            throw Error(config.model.file + ": dataset.args.low_res_data: " + config.low_res_data.string() + " holds " +
                        std::to_string(paired->size()) + " images, expected the " + std::to_string(data.size()) +
                        " of " + data.root().string() + " at " + std::to_string(config.low_res_size) + "x" +
                        std::to_string(config.low_res_size));
    }
    out.samples.reserve(data.size());
    for (size_t i = 0; i < data.size(); ++i) {
        if (config.role == ModelRole::SuperResolution) {
            dataset::SrSample pair =
                paired ? dataset::load_sr_sample_paired(data, *paired, i, config.image_size, config.low_res_size, config.depth)
                       : dataset::load_sr_sample(data, i, config.image_size, config.low_res_size, config.depth);
            out.samples.push_back(std::move(pair.high_res));
            out.low_res.push_back({std::move(pair.low_res_colour), std::move(pair.low_res_depth)});
        } else {
            out.samples.push_back(data.load(i, config.image_size, config.depth));
        }
        if (on_loaded) on_loaded();
    }
    return out;
}

TrainingBatch make_batch(const LoadedDataset& data, const TrainingConfig& config, int64_t step, const BatchSlice& slice) {
    const bool conditional = config.role == ModelRole::Conditional;
    const bool superres = config.role == ModelRole::SuperResolution;
    const bool with_classes = config.model.backbone.num_classes.has_value();
    std::mt19937_64 pick(mix(config.trainer.seed, uint64_t(step)));
    std::uniform_int_distribution<size_t> index(0, data.samples.size() - 1);

    std::vector<at::Tensor> x0, y, mask, mask_rgb, low_res;
    std::vector<int64_t> labels;
    for (int64_t i = 0; i < slice.first + slice.count; ++i) {
        const size_t k = index(pick);  // drawn for every item before the slice too: item i is rank-independent
        if (i < slice.first) continue;
        const dataset::RgbdSample& sample = data.samples[k];
        x0.push_back(diffusion::signed_tensor_from_image(sample.rgbd));
        if (with_classes) labels.push_back(sample.label.value_or(0));
        const uint64_t pair_seed = mix(mix(config.trainer.seed, uint64_t(step)), uint64_t(i) + 0x5eed);
        if (superres) {
            // IVID: sigma = np.random.rand() + 1e-3 per image and draw; paired low-res images are
            // taken as they are.
            std::mt19937_64 draw(pair_seed);
            std::optional<double> sigma = std::uniform_real_distribution<double>(0.0, 1.0)(draw) + 1e-3;
            if (!config.low_res_data.empty()) sigma.reset();
            const LowResPair& lr = data.low_res.at(k);
            low_res.push_back(diffusion::signed_tensor_from_image(dataset::low_res_condition(lr.colour, lr.depth, sigma)));
        }
        if (!conditional) continue;
        const WarpTrainingPair pair = dataset::sample_warp_pair(sample.rgbd, config.warp, pair_seed);
        y.push_back(diffusion::signed_tensor_from_image(pair.y));
        mask.push_back(diffusion::tensor_from_image(pair.mask));
        if (!pair.mask_rgb.empty()) mask_rgb.push_back(diffusion::tensor_from_image(pair.mask_rgb));
    }
    TrainingBatch batch;
    batch.step = step;
    batch.slice = slice;
    batch.noise_seed = mix(mix(config.trainer.seed, uint64_t(step)), 0xd1ffu);
    batch.x0 = at::stack(x0);
    if (with_classes) batch.classes = at::tensor(labels, at::kLong);
    if (superres) batch.low_res = at::stack(low_res);
    if (conditional) {
        // IVID normalises the masked pair: pixels outside the mask become -1 (make_cond_input
        // replaces them by noise anyway).
        batch.y = at::stack(y);
        batch.mask = at::stack(mask);
        if (!mask_rgb.empty()) batch.mask_rgb = at::stack(mask_rgb);
    }
    return batch;
}

BatchSource::BatchSource(const LoadedDataset& data, const TrainingConfig& config, const BatchSlice& slice,
                         int64_t first_step, int depth)
    : data_(data), config_(config), slice_(slice), depth_(size_t(depth < 1 ? 1 : depth)) {
    worker_ = std::thread([this, first_step] { run(first_step); });
}

BatchSource::~BatchSource() {
    {
        std::lock_guard<std::mutex> lock(mutex_);
        stop_ = true;
    }
    changed_.notify_all();
    worker_.join();
}

TrainingBatch BatchSource::next() {
    std::unique_lock<std::mutex> lock(mutex_);
    changed_.wait(lock, [&] { return !ready_.empty() || error_; });
    if (ready_.empty()) std::rethrow_exception(error_);
    TrainingBatch batch = std::move(ready_.front());
    ready_.pop_front();
    changed_.notify_all();
    return batch;
}

void BatchSource::run(int64_t first_step) {
    // The warps' rasteriser would otherwise open an OpenMP team on every core beside the training
    // thread's own; one thread keeps ahead of the network (about 20 ms per 64x64 pair) without
    // spinning against it.
    omp_set_num_threads(1);
    try {
        for (int64_t step = first_step;; ++step) {
            {
                std::unique_lock<std::mutex> lock(mutex_);
                changed_.wait(lock, [&] { return stop_ || ready_.size() < depth_; });
                if (stop_) return;
            }
            TrainingBatch batch = make_batch(data_, config_, step, slice_);
            std::lock_guard<std::mutex> lock(mutex_);
            ready_.push_back(std::move(batch));
            changed_.notify_all();
        }
    } catch (...) {
        std::lock_guard<std::mutex> lock(mutex_);
        error_ = std::current_exception();
        changed_.notify_all();
    }
}

}  // namespace ivid::train

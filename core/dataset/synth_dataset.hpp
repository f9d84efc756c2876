// `ivid synth-dataset`: single RGBD images of the synthetic world for training, one random orbit
// pose per image (yaw anywhere on the circle, |pitch| <= 0.2), in RgbdDataset's own layout plus
// a dataset.json (version, size, fov, near, far, and each image's world seed and pose).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>

namespace ivid::dataset {

struct SynthDatasetSettings {
    int count = 0;                  // images
    int image_size = 64;
    uint64_t first_seed = 0;        // worlds first_seed .. last_seed, used in turn
    uint64_t last_seed = 0;
    uint64_t pose_seed = 0;         // drives the poses (independent of the worlds)
    int samples_per_pixel = 4;
    int threads = 0;                // 0: every core this process may use (usable_cores)
};

// Renders and writes the folder atomically (nothing at `out` until complete; an existing `out`
// is an Error unless overwrite). on_image_done is called once per finished image (any thread,
// serialised). Deterministic: the same settings give identical files whatever the thread count.
void write_synth_dataset(const SynthDatasetSettings& settings, const std::filesystem::path& out,
                         bool overwrite, const std::function<void()>& on_image_done = {});

}  // namespace ivid::dataset

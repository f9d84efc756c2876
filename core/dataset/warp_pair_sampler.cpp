#include "core/dataset/warp_pair_sampler.hpp"

#include <cmath>
#include <random>

#include "core/geometry/camera.hpp"
#include "core/util/error.hpp"

namespace ivid::dataset {
namespace {

void add_gaussian_noise(Image& img, float sigma, std::mt19937_64& rng) {
    std::normal_distribution<float> normal(0.0f, sigma);
    for (float& v : img.data) v += normal(rng);
}

}  // namespace

WarpPairOptions warp_pair_options(const std::vector<std::string>& augments, float pose_std,
                                  const WarpSettings& warp, const std::string& source) {
    WarpPairOptions options;
    options.pose_std = pose_std;
    options.warp = warp;
    for (const auto& name : augments) {
        if (name == "prewarp_noise") options.prewarp_noise = true;
        else if (name == "postwarp_noise") options.postwarp_noise = true;
        else if (name == "blur") options.blur = true;
        else if (name == "erode_rgb") options.erode_rgb = true;
        else
            throw Error::at(source, "dataset.args.augments",
                            "\"prewarp_noise\", \"postwarp_noise\", \"blur\" or \"erode_rgb\"", "\"" + name + "\"");
    }
    if (!(pose_std >= 0.0f) || !std::isfinite(pose_std))
        throw Error::at(source, "dataset.args.std", "a finite value >= 0", std::to_string(pose_std));
    return options;
}

WarpTrainingPair sample_warp_pair(const Image& rgbd, const WarpPairOptions& options, uint64_t seed) {
    std::mt19937_64 rng(seed);
    std::uniform_real_distribution<float> uniform(0.0f, 1.0f);
    std::normal_distribution<float> normal(0.0f, 1.0f);

    Image input = rgbd;
    if (options.prewarp_noise) add_gaussian_noise(input, 0.005f * uniform(rng), rng);

    // WarpDataset's camera: yaw/pitch ~ N(0, std), radius ~ N(1, 0.1), target ~ N(0, 0.05) per axis.
    const float theta = normal(rng) * options.pose_std;
    const float phi = normal(rng) * options.pose_std;
    const float radius = 1.0f + normal(rng) * 0.1f;
    const glm::vec3 eye(radius * std::cos(phi) * std::sin(theta), radius * std::sin(phi),
                        radius * std::cos(phi) * std::cos(theta));
    const glm::vec3 target(normal(rng) * 0.05f, normal(rng) * 0.05f, normal(rng) * 0.05f);
    WarpResult warp = forward_backward_warp(input, look_at(eye, target, glm::vec3(0.0f, 1.0f, 0.0f)),
                                            canonical_modelview(), options.warp);

    if (options.postwarp_noise) {
        const float sigma = 0.03f * uniform(rng);
        add_gaussian_noise(warp.color, sigma, rng);
        add_gaussian_noise(warp.depth, sigma, rng);
    }
    WarpAugmentation augmentation;
    if (options.blur && uniform(rng) < 0.8f) augmentation.blur_sigma = uniform(rng) + 1e-3f;
    if (options.erode_rgb) augmentation.erode_size = 2 * std::uniform_int_distribution<int>(0, 4)(rng) + 1;
    return augment_warp_pair(rgbd, warp, augmentation);
}

}  // namespace ivid::dataset

#include "core/dataset/synth_dataset.hpp"

#include <omp.h>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/geometry/camera.hpp"
#include "core/image/image_io.hpp"
#include "core/scene/synth_noise.hpp"
#include "core/scene/synth_render.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"
#include "core/util/usable_cores.hpp"

namespace fs = std::filesystem;

namespace ivid::dataset {
namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr float kMaxPitch = 0.2f;
constexpr int kMaxCount = 1000000;  // six-digit file names keep the listing sorted

struct ImagePlan {
    uint64_t world_seed = 0;
    OrbitPose pose;
    uint64_t sample_seed = 0;
    std::string name;  // "NNNNNN"
};

// Everything about image i follows from (settings, i) alone, so the files do not depend on
// which thread renders it.
ImagePlan plan_image(const SynthDatasetSettings& s, int i) {
    ImagePlan plan;
    const uint64_t worlds = s.last_seed - s.first_seed + 1;  // 0 when the range is all of uint64
    plan.world_seed = s.first_seed + (worlds == 0 ? uint64_t(i) : uint64_t(i) % worlds);
    synth::Rng rng(synth::mix64(s.pose_seed) + uint64_t(i));
    plan.pose.yaw = float(rng.uniform(-kPi, kPi));
    plan.pose.pitch = float(rng.uniform(-kMaxPitch, kMaxPitch));
    plan.pose.radius = 1.0f;
    plan.sample_seed = rng.next();
    char name[16];
    std::snprintf(name, sizeof name, "%06d", i);
    plan.name = name;
    return plan;
}

// The shortest decimal that reads back as the same float, so dataset.json says 0.6, not
// 0.6000000238418579, and readers still recover the exact pose.
double shortest_decimal(float v) {
    char text[32];
    for (int digits = 6;; ++digits) {
        std::snprintf(text, sizeof text, "%.*g", digits, double(v));
        if (std::strtof(text, nullptr) == v || digits == 9) return std::strtod(text, nullptr);
    }
}

void check_settings(const SynthDatasetSettings& s) {
    auto fail = [](const std::string& key, const std::string& expected, const std::string& found) {
        throw Error::at("synth-dataset", key, expected, found);
    };
    if (s.count < 1 || s.count > kMaxCount) fail("count", "1.." + std::to_string(kMaxCount), std::to_string(s.count));
    if (s.image_size < 8 || s.image_size > 4096) fail("image size", "8..4096", std::to_string(s.image_size));
    if (s.samples_per_pixel < 1 || s.samples_per_pixel > 256)
        fail("samples per pixel", "1..256", std::to_string(s.samples_per_pixel));
    if (s.first_seed > s.last_seed)
        fail("seed range", "first <= last", std::to_string(s.first_seed) + "-" + std::to_string(s.last_seed));
    if (s.threads < 0) fail("threads", ">= 0 (0: every usable core)", std::to_string(s.threads));
}

}  // namespace

void write_synth_dataset(const SynthDatasetSettings& settings, const fs::path& out, bool overwrite,
                         const std::function<void()>& on_image_done) {
    check_settings(settings);
    require_writable_destination(out, overwrite);
    const synth::SynthSettings camera;  // the synthetic scenes' fov, near and far

    std::vector<ImagePlan> plans;
    for (int i = 0; i < settings.count; ++i) plans.push_back(plan_image(settings, i));
    // Workers take images in world order, so each keeps reusing its world (building one costs
    // about a third of rendering a 64x64 image at 4 samples per pixel).
    std::vector<int> order(plans.size());
    for (size_t i = 0; i < order.size(); ++i) order[i] = int(i);
    std::stable_sort(order.begin(), order.end(),
                     [&](int a, int b) { return plans[size_t(a)].world_seed < plans[size_t(b)].world_seed; });

    int threads = settings.threads > 0 ? settings.threads : usable_cores();
    threads = std::clamp(threads, 1, settings.count);

    write_folder_atomically(out, overwrite, [&](const fs::path& tmp) {
        fs::create_directory(tmp / "images");
        fs::create_directory(tmp / "depths");
        std::atomic<size_t> next{0};
        std::atomic<bool> failed{false};
        std::exception_ptr error;
        std::mutex mutex;  // guards error and on_image_done
        auto work = [&] {
            omp_set_num_threads(1);  // the workers are the parallelism; no nested teams per image
            std::optional<synth::SynthWorld> world;
            try {
                for (size_t k = next++; k < order.size() && !failed; k = next++) {
                    const ImagePlan& plan = plans[size_t(order[k])];
                    if (!world || world->seed != plan.world_seed) world = synth::make_synth_world(plan.world_seed);
                    synth::SynthImage img = synth::render_synth_view(*world, orbit_modelview(plan.pose),
                                                                     settings.image_size, camera.fov_deg,
                                                                     settings.samples_per_pixel, plan.sample_seed);
                    write_png(tmp / "images" / (plan.name + ".png"), img.color);
                    write_exr(tmp / "depths" / (plan.name + ".exr"), img.depth);
                    std::lock_guard<std::mutex> lock(mutex);
                    if (on_image_done && !failed) on_image_done();
                }
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!error) error = std::current_exception();
                failed = true;
            }
        };
        std::vector<std::thread> pool;
        for (int t = 0; t < threads; ++t) pool.emplace_back(work);
        for (std::thread& t : pool) t.join();
        if (error) std::rethrow_exception(error);

        nlohmann::json images = nlohmann::json::array();
        for (const ImagePlan& plan : plans)
            images.push_back({{"image", "images/" + plan.name + ".png"},
                              {"depth", "depths/" + plan.name + ".exr"},
                              {"world_seed", plan.world_seed},
                              {"yaw", shortest_decimal(plan.pose.yaw)},
                              {"pitch", shortest_decimal(plan.pose.pitch)}});
        const nlohmann::json info = {{"version", 1},
                                     {"generator", "ivid synth-dataset"},
                                     {"image_size", settings.image_size},
                                     {"fov_deg", shortest_decimal(camera.fov_deg)},
                                     {"near", shortest_decimal(camera.near)},
                                     {"far", shortest_decimal(camera.far)},
                                     {"samples_per_pixel", settings.samples_per_pixel},
                                     {"seed_range", {settings.first_seed, settings.last_seed}},
                                     {"pose_seed", settings.pose_seed},
                                     {"images", images}};
        write_text_atomically(tmp / "dataset.json", info.dump(1) + "\n");
    });
}

}  // namespace ivid::dataset

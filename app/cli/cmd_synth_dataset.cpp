// ivid synth-dataset: single RGBD training images of synthetic worlds (random orbit poses).
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <tuple>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "core/dataset/synth_dataset.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/progress.hpp"

namespace ivid::cli {
namespace {

int run_synth_dataset(const std::vector<std::string>& argv) {
    ArgParser args("synth-dataset",
                   "Render single RGBD training images of synthetic worlds: image i shows world\n"
                   "A + (i mod (B-A+1)) from a random orbit pose (any yaw, |pitch| <= 0.2). Writes\n"
                   "images/NNNNNN.png, depths/NNNNNN.exr (float32 linear depth) and dataset.json.\n"
                   "The files do not depend on --threads.");
    args.option("count", "N", "number of images", "", true);
    args.option("size", "PIXELS", "image width and height", "64");
    args.option("seed-range", "A-B", "world seeds A..B (or a single seed A), used in turn", "", true);
    args.option("pose-seed", "S", "seed of the random camera poses", "0");
    args.option("spp", "N", "colour samples per pixel (anti-aliasing)", "4");
    args.option("threads", "T", "worker threads (0 = every core this process may use: its affinity and cgroup quota)", "0");
    args.option("out", "DIR", "dataset folder to write", "", true);
    args.flag("force", "replace an existing folder");
    args.flag("quiet", "no progress bar or summary");
    if (!args.parse(argv)) return 0;

    dataset::SynthDatasetSettings settings;
    std::tie(settings.first_seed, settings.last_seed) = args.get_seed_range("seed-range");
    settings.pose_seed = args.get_seed("pose-seed");
    settings.count = args.get_int_in("count", 1, 1000000);
    settings.image_size = args.get_int_in("size", 8, 4096);
    settings.samples_per_pixel = args.get_int_in("spp", 1, 256);
    settings.threads = args.get_int_in("threads", 0, 1024);
    const std::filesystem::path out = args.get("out");
    const bool quiet = args.is_set("quiet"), force = args.is_set("force");
    require_writable_destination(out, force);  // before the progress bar starts drawing

    const auto start = std::chrono::steady_clock::now();
    ProgressBar bar("synth-dataset", settings.count, quiet);
    dataset::write_synth_dataset(settings, out, force, [&] { bar.step(); });
    bar.finish();
    if (!quiet) {
        const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::printf("wrote %s: %d images of %dx%d, worlds %llu-%llu, %.1f s (%.2f images/s)\n", out.string().c_str(),
                    settings.count, settings.image_size, settings.image_size,
                    static_cast<unsigned long long>(settings.first_seed),
                    static_cast<unsigned long long>(settings.last_seed), secs, settings.count / secs);
    }
    return 0;
}

const CommandRegistration registration("synth-dataset",
                                       "render single RGBD training images of synthetic worlds (random poses)",
                                       run_synth_dataset);

}  // namespace
}  // namespace ivid::cli

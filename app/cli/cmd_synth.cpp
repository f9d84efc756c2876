// ivid synth: render a synthetic ground-truth scene (exact colour and linear depth) from a seed.
#include <cstdio>
#include <filesystem>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "core/geometry/camera.hpp"
#include "core/scene/scene_io.hpp"
#include "core/scene/synth_render.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/progress.hpp"

namespace ivid::cli {
namespace {

int run_synth(const std::vector<std::string>& argv) {
    ArgParser args("synth",
                   "Render a synthetic 3D world (chosen by the seed) exactly by ray casting from IVID's orbit\n"
                   "cameras: colour PNGs and true linear depth, saved as a ground-truth scene folder.");
    args.option("seed", "N", "world seed (non-negative integer)", "0");
    args.option("viewset", "NAME", "cameras: 3x9 (IVID's 27 views) or random", "3x9");
    args.option("count", "K", "number of views for --viewset random (1..255)", "27");
    args.option("size", "PIXELS", "image width and height", "128");
    args.option("spp", "N", "colour samples per pixel (anti-aliasing)", "4");
    args.option("out", "DIR", "scene folder to write", "", true);
    args.flag("force", "replace an existing scene folder");
    args.flag("quiet", "no progress bar or summary");
    if (!args.parse(argv)) return 0;

    synth::SynthSettings settings;
    settings.seed = args.get_seed("seed");
    settings.viewset = args.get("viewset");
    settings.image_size = args.get_int_in("size", 8, 4096);
    settings.samples_per_pixel = args.get_int_in("spp", 1, 256);
    if (settings.viewset == "random") {
        settings.poses = viewset_random(args.get_int_in("count", 1, kMaxSceneViews), settings.seed, synth::kMaxPitch);
    } else if (settings.viewset == "3x9") {
        if (args.is_set("count")) throw UsageError("synth: --count only applies to --viewset random");
        settings.poses = viewset_3x9();
    } else {
        throw UsageError("synth: --viewset: expected 3x9 or random, found '" + settings.viewset + "'");
    }
    const std::filesystem::path out = args.get("out");
    const bool force = args.is_set("force"), quiet = args.is_set("quiet");
    // Refuse before rendering rather than after (read-only mounts, missing folders, an empty
    // path, an existing scene); save_scene checks again atomically.
    require_writable_destination(out, force);

    ProgressBar bar("synth", int(settings.poses.size()), quiet);
    Scene scene = synth::render_synthetic_scene(settings, [&] { bar.step(); });
    bar.finish();
    save_scene(scene, out, force);
    if (!quiet) {
        const auto& extra = scene.provenance.extra;
        std::printf("wrote %s: %zu views of %dx%d, seed %llu (%s, %s, %s)\n", out.string().c_str(),
                    scene.views.size(), scene.image_size, scene.image_size,
                    static_cast<unsigned long long>(settings.seed), extra["subject"].get<std::string>().c_str(),
                    extra["season"].get<std::string>().c_str(), extra["time_of_day"].get<std::string>().c_str());
    }
    return 0;
}

const CommandRegistration registration("synth", "render a synthetic ground-truth scene (exact colour and depth)",
                                       run_synth);

}  // namespace
}  // namespace ivid::cli

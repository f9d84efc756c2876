#include "core/scene/results_folder.hpp"

#include <cstdio>

#include "core/image/image_io.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"

namespace fs = std::filesystem;

namespace ivid {

namespace {

// sample.py's name of a scene's image without the view: "rgb_class088_seed00042".
std::string scene_stem(uint64_t seed, std::optional<int> class_label) {
    char buf[64];
    if (class_label)
        std::snprintf(buf, sizeof buf, "rgb_class%03d_seed%05llu", *class_label, static_cast<unsigned long long>(seed));
    else
        std::snprintf(buf, sizeof buf, "rgb_seed%05llu", static_cast<unsigned long long>(seed));
    return buf;
}

}  // namespace

std::string results_image_name(uint64_t seed, std::optional<int> class_label, size_t view) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "_view%03zu.png", view);  // the scene folder's views/NNN_ numbering
    return scene_stem(seed, class_label) + buf;
}

std::vector<fs::path> results_image_paths(const fs::path& dir, uint64_t seed, std::optional<int> class_label,
                                          size_t views) {
    std::vector<fs::path> paths;
    for (size_t i = 0; i < views; ++i) paths.push_back(dir / results_image_name(seed, class_label, i));
    return paths;
}

void require_results_folder(const fs::path& dir) {
    if (dir.empty()) throw Error("results folder \"\": expected a folder name");
    fs::path folder = dir.lexically_normal();
    if (!folder.has_filename() && folder.has_parent_path()) folder = folder.parent_path();  // "res/"
    // The folder itself, or the first missing one below its nearest existing parent.
    fs::path missing;
    fs::path existing = folder;
    std::error_code ec;
    while (!fs::exists(existing, ec)) {
        missing = existing;
        existing = existing.has_parent_path() ? existing.parent_path() : fs::path(".");
    }
    if (!fs::is_directory(existing, ec)) throw Error(dir.string() + ": " + existing.string() + " is not a folder");
    // Probes with a file made and removed (read-only mounts, permissions, immutable folders).
    require_writable_destination(missing.empty() ? existing / "rgb_*.png" : missing, true);
}

void write_results_images(const Scene& scene, const fs::path& dir) {
    const Provenance& p = scene.provenance;
    if (!p.seed) throw Error(dir.string() + ": a scene without a seed has no name in the results folder");
    const std::vector<fs::path> targets = results_image_paths(dir, *p.seed, p.class_label, scene.views.size());
    std::error_code ec;
    fs::create_directories(dir, ec);
    if (ec) throw Error(dir.string() + ": cannot create the results folder: " + ec.message());
    // The images are written into a hidden folder of the scene's own, then renamed into `dir` one
    // by one: writing each straight into `dir` would sweep all of `dir` for stale temporaries
    // first (atomic_file.hpp), quadratic in a folder of seeds x views images.
    const fs::path staging = temporary_sibling(dir / scene_stem(*p.seed, p.class_label), "partial");
    if (!fs::create_directory(staging, ec)) throw Error(staging.string() + ": cannot create folder: " + ec.message());
    try {
        for (size_t i = 0; i < targets.size(); ++i) write_png(staging / targets[i].filename(), scene.views[i].color);
        for (const fs::path& target : targets) {
            fs::rename(staging / target.filename(), target, ec);
            if (ec) throw Error(target.string() + ": cannot move into place: " + ec.message());
        }
        fs::remove(staging, ec);
    } catch (...) {
        fs::remove_all(staging, ec);
        throw;
    }
}

}  // namespace ivid

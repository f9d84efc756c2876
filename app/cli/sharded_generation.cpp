#include "app/cli/sharded_generation.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <map>

#include <nlohmann/json.hpp>

#include "app/cli/job_progress.hpp"
#include "core/pipeline/class_selection.hpp"
#include "core/scene/results_folder.hpp"
#include "core/scene/scene_io.hpp"
#include "core/util/timestamp.hpp"

namespace ivid::cli {

using namespace ivid::pipeline;

namespace {

// The class of every seed as a one-machine run over all of `request.seeds` assigns it, so a
// shard's scenes match that run's (uniform mode counts scenes in the whole list).
std::map<uint64_t, int> classes_by_seed(const GenerationRequest& request, const std::optional<int>& num_classes) {
    std::map<uint64_t, int> by_seed;
    if (!num_classes) return by_seed;
    const std::vector<int> classes = assign_classes(request.classes, request.seeds, *num_classes);
    for (size_t i = 0; i < request.seeds.size(); ++i) by_seed[request.seeds[i]] = classes[i];
    return by_seed;
}

// A batch of a shard: `wanted` seeds first, then fillers whose scenes are thrown away.
struct ShardBatch {
    std::vector<uint64_t> seeds;
    size_t wanted = 0;
};

// The shard's seeds in batches of the size a one-machine run over all of request.seeds samples
// each of them in (batch_size, or less for its last batch). The kernels a network call uses
// depend on the batch size, not on the other scenes in it, so this reproduces that run's files
// bit for bit; short batches are filled with seeds outside the run.
std::vector<ShardBatch> plan_batches(const GenerationRequest& request, const std::vector<uint64_t>& todo) {
    const size_t n = request.seeds.size(), b = size_t(request.batch_size);
    std::map<uint64_t, size_t> reference_size;
    for (size_t i = 0; i < n; ++i) reference_size[request.seeds[i]] = std::min(b, n - (i / b) * b);
    std::map<size_t, std::vector<uint64_t>> by_size;  // in todo order within each size
    for (uint64_t seed : todo) by_size[reference_size.at(seed)].push_back(seed);
    uint64_t filler = *std::max_element(request.seeds.begin(), request.seeds.end());
    std::vector<ShardBatch> batches;
    for (const auto& [size, seeds] : by_size)
        for (size_t first = 0; first < seeds.size(); first += size) {
            ShardBatch batch;
            batch.seeds.assign(seeds.begin() + long(first), seeds.begin() + long(std::min(seeds.size(), first + size)));
            batch.wanted = batch.seeds.size();
            while (batch.seeds.size() < size) batch.seeds.push_back(++filler);
            batches.push_back(std::move(batch));
        }
    return batches;
}

GenerationRequest batch_request(const GenerationRequest& request, const std::vector<uint64_t>& seeds,
                                const std::map<uint64_t, int>& classes,
                                const std::shared_ptr<const GenerationModels>& models) {
    GenerationRequest r = request;
    r.seeds = seeds;
    r.out.clear();  // kept in memory; each scene is saved on its own below
    r.loaded = models;
    r.batch_size = int(seeds.size());
    if (!classes.empty()) {
        r.classes = {ClassMode::List, {}};
        for (uint64_t seed : seeds) r.classes.list.push_back(classes.count(seed) ? classes.at(seed) : classes.begin()->second);
    }
    return r;
}

// A complete scene of an earlier run gets the results images it lacks, read from its folder.
void complete_results_images(const std::filesystem::path& out, uint64_t seed, const std::map<uint64_t, int>& classes,
                             size_t views, const std::filesystem::path& results) {
    const std::optional<int> label = classes.count(seed) ? std::optional<int>(classes.at(seed)) : std::nullopt;
    const auto images = results_image_paths(results, seed, label, views);
    if (std::all_of(images.begin(), images.end(), [](const auto& image) { return std::filesystem::exists(image); })) return;
    write_results_images(load_scene(seed_scene_dir(out, seed)), results);
}

void print_summary(const ShardManifest& m, const std::filesystem::path& out, const std::filesystem::path& results,
                   bool json) {
    if (json) {
        nlohmann::json failed = nlohmann::json::array();
        for (const auto& f : m.failed) failed.push_back({{"seed", f.seed}, {"error", f.error}});
        nlohmann::json done = nlohmann::json::array();
        for (const auto& d : m.done) done.push_back(d.seed);
        std::printf("%s\n", nlohmann::json({{"shard", {m.shard.index, m.shard.count}}, {"out", out.string()},
                                            {"seeds", m.seeds}, {"done", done}, {"skipped", m.skipped}, {"failed", failed},
                                            {"manifest", shard_manifest_path(out, m.shard).string()},
                                            {"results", results.empty() ? nlohmann::json() : nlohmann::json(results.string())}})
                                .dump(2)
                                .c_str());
        return;
    }
    std::printf("shard %d/%d: %zu seeds, %zu made, %zu already complete, %zu failed -> %s\n", m.shard.index, m.shard.count,
                m.seeds.size(), m.done.size(), m.skipped.size(), m.failed.size(), out.string().c_str());
}

}  // namespace

int run_sharded_generation(const GenerationRequest& request, const ShardSpec& shard, const ShardRunOptions& options) {
    const std::filesystem::path out = request.out;
    const std::map<uint64_t, int> classes = classes_by_seed(request, options.num_classes);
    ShardManifest manifest;
    manifest.shard = shard;
    manifest.seeds = shard_seeds(request.seeds, shard);
    manifest.device = request.device;
    manifest.started = iso8601_utc_now();
    std::vector<uint64_t> todo;
    for (uint64_t seed : manifest.seeds) (seed_scene_complete(out, seed) ? manifest.skipped : todo).push_back(seed);
    std::filesystem::create_directories(out);
    save_shard_manifest(manifest, out);
    if (!options.results.empty())
        for (uint64_t seed : manifest.skipped)
            complete_results_images(out, seed, classes, request.viewset.poses.size(), options.results);

    const InterruptGuard guard;
    const std::vector<ShardBatch> batches = plan_batches(request, todo);
    size_t scenes = 0;
    for (const ShardBatch& batch : batches) scenes += batch.seeds.size();
    JobProgress progress(request, scenes, batches.size(), options.quiet || options.json);
    for (const ShardBatch& batch : batches) {
        const std::vector<uint64_t> seeds(batch.seeds.begin(), batch.seeds.begin() + long(batch.wanted));
        const auto start = std::chrono::steady_clock::now();
        GenerationJob job(batch_request(request, batch.seeds, classes, progress.loaded_models()));
        const GenerationEvent last = progress.follow(job, guard);
        if (last.kind == GenerationEventKind::Cancelled) {
            save_shard_manifest(manifest, out);
            std::fprintf(stderr, "\ngenerate: %s; the %zu scene(s) finished before stay in %s\n", last.message.c_str(),
                         manifest.done.size(), out.string().c_str());
            return guard.exit_code();
        }
        if (last.kind == GenerationEventKind::Failed) {
            for (uint64_t seed : seeds) manifest.failed.push_back({seed, last.message});
            std::fprintf(stderr, "\ngenerate: seeds %s failed: %s\n", seed_list_text(seeds).c_str(), last.message.c_str());
        } else {
            const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
            for (size_t i = 0; i < seeds.size(); ++i) {
                save_scene((*last.scenes)[i], seed_scene_dir(out, seeds[i]), false);
                if (!options.results.empty()) write_results_images((*last.scenes)[i], options.results);
                manifest.done.push_back({seeds[i], seconds / double(seeds.size())});
            }
        }
        save_shard_manifest(manifest, out);
    }
    progress.finish();
    if (options.json || !options.quiet) print_summary(manifest, out, options.results, options.json);
    return manifest.failed.empty() ? 0 : 1;
}

}  // namespace ivid::cli

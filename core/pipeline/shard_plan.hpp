// Sharded generation for clusters: which seeds a shard makes, where it learns its shard from
// (its flag, Slurm job arrays, Kubernetes Indexed Jobs), which scenes are already complete, and the
// manifest each shard keeps. Torch-free: the CLI and `ivid shards` use it without the engine.
//
// The mapping is fixed and documented: the i-th seed of the list (0-based, in the order given)
// belongs to shard i mod N. Every shard writes into the same output folder, one scene folder
// `seed<N>` per seed, each moved into place when complete, so a folder that exists is a finished
// scene and a preempted or retried shard skips it.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace ivid::pipeline {

struct ShardSpec {
    int index = 0;  // 0..count-1
    int count = 1;
};

// "I/N" with 0 <= I < N; an Error naming `source` and the value otherwise.
ShardSpec parse_shard(const std::string& text, const std::string& source);

// The shard the scheduler's environment names, if any: Slurm job arrays (SLURM_ARRAY_TASK_ID minus
// SLURM_ARRAY_TASK_MIN, of SLURM_ARRAY_TASK_COUNT), or a Kubernetes Indexed Job
// (JOB_COMPLETION_INDEX, of IVID_SHARD_COUNT, which the Job sets from its completions).
// `getenv` is injectable for tests. Errors name the variable.
std::optional<ShardSpec> shard_from_environment(const std::function<const char*(const char*)>& getenv);

// The seeds of the shard, in list order.
std::vector<uint64_t> shard_seeds(const std::vector<uint64_t>& seeds, const ShardSpec& shard);

// out/seed<N>, the scene folder of one seed.
std::filesystem::path seed_scene_dir(const std::filesystem::path& out, uint64_t seed);
// A scene folder is complete once its scene.json exists (folders are moved into place whole).
bool seed_scene_complete(const std::filesystem::path& out, uint64_t seed);

// "0-3,7,9-10": the seeds as the --seeds flag reads them back.
std::string seed_list_text(const std::vector<uint64_t>& seeds);

// What one shard did, kept at out/.shards/shard-I-of-N.json and rewritten atomically after
// every scene: {"format": "ivid-shard-manifest", "version": 1, "shard": [I, N], "seeds": [...],
// "done": [{"seed", "dir", "seconds"}], "skipped": [...], "failed": [{"seed", "error"}],
// "device", "started", "updated"}.
struct ShardManifest {
    ShardSpec shard;
    std::vector<uint64_t> seeds, skipped;
    struct Done {
        uint64_t seed = 0;
        double seconds = 0.0;
    };
    std::vector<Done> done;
    struct Failed {
        uint64_t seed = 0;
        std::string error;
    };
    std::vector<Failed> failed;
    std::string device, started;
};

std::filesystem::path shard_manifest_path(const std::filesystem::path& out, const ShardSpec& shard);
void save_shard_manifest(const ShardManifest& manifest, const std::filesystem::path& out);
// Every manifest under out/.shards (none: empty); Errors name the file and key.
std::vector<ShardManifest> load_shard_manifests(const std::filesystem::path& out);

// Where a set of seeds stands in an output folder: complete scenes, and of the rest those a
// manifest recorded as failed (with the last error) and those never finished.
struct ShardStatus {
    std::vector<uint64_t> complete, missing;
    std::vector<ShardManifest::Failed> failed;  // subset of missing
};
ShardStatus shard_status(const std::filesystem::path& out, const std::vector<uint64_t>& seeds);

}  // namespace ivid::pipeline

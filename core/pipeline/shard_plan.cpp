#include "core/pipeline/shard_plan.hpp"

#include <algorithm>
#include <cstdio>
#include <map>

#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"
#include "core/util/timestamp.hpp"

namespace fs = std::filesystem;

namespace ivid::pipeline {

namespace {

constexpr const char* kManifestFormat = "ivid-shard-manifest";
constexpr int kManifestVersion = 1;

// A whole non-negative number in `text`, or an Error naming `what`.
int64_t whole_number(const std::string& text, const std::string& what) {
    if (text.empty() || text.size() > 9 || !std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; }))
        throw Error::at("", what, "a whole number", "\"" + text + "\"");
    return std::stoll(text);
}

ShardSpec checked(int64_t index, int64_t count, const std::string& source, const std::string& text) {
    if (count < 1 || index >= count)
        throw Error::at(source, "shard", "I/N with 0 <= I < N", "\"" + text + "\"");
    return {int(index), int(count)};
}

std::vector<uint64_t> seeds_of(const JsonAt& array) {
    std::vector<uint64_t> seeds;
    for (size_t i = 0; i < array.array_size(); ++i) seeds.push_back(array[i].unsigned_integer());
    return seeds;
}

}  // namespace

ShardSpec parse_shard(const std::string& text, const std::string& source) {
    const size_t slash = text.find('/');
    if (slash == std::string::npos) throw Error::at(source, "shard", "I/N (e.g. 0/3)", "\"" + text + "\"");
    return checked(whole_number(text.substr(0, slash), source + " shard index"),
                   whole_number(text.substr(slash + 1), source + " shard count"), source, text);
}

std::optional<ShardSpec> shard_from_environment(const std::function<const char*(const char*)>& getenv) {
    auto var = [&](const char* name) -> std::optional<std::string> {
        const char* v = getenv(name);
        return v && *v ? std::optional<std::string>(v) : std::nullopt;
    };
    if (const auto task = var("SLURM_ARRAY_TASK_ID")) {
        const auto count = var("SLURM_ARRAY_TASK_COUNT");
        if (!count) throw Error::at("environment", "SLURM_ARRAY_TASK_COUNT", "set with SLURM_ARRAY_TASK_ID", "unset");
        const int64_t first = whole_number(var("SLURM_ARRAY_TASK_MIN").value_or("0"), "SLURM_ARRAY_TASK_MIN");
        const int64_t id = whole_number(*task, "SLURM_ARRAY_TASK_ID");
        if (id < first) throw Error::at("environment", "SLURM_ARRAY_TASK_ID", ">= SLURM_ARRAY_TASK_MIN", *task);
        return checked(id - first, whole_number(*count, "SLURM_ARRAY_TASK_COUNT"), "SLURM_ARRAY_TASK_ID",
                       *task + " of " + *count);
    }
    if (const auto index = var("JOB_COMPLETION_INDEX")) {
        const auto count = var("IVID_SHARD_COUNT");
        if (!count)
            throw Error::at("environment", "IVID_SHARD_COUNT", "the Indexed Job's completions, set with JOB_COMPLETION_INDEX",
                            "unset");
        return checked(whole_number(*index, "JOB_COMPLETION_INDEX"), whole_number(*count, "IVID_SHARD_COUNT"),
                       "JOB_COMPLETION_INDEX", *index + " of " + *count);
    }
    return std::nullopt;
}

std::vector<uint64_t> shard_seeds(const std::vector<uint64_t>& seeds, const ShardSpec& shard) {
    std::vector<uint64_t> mine;
    for (size_t i = size_t(shard.index); i < seeds.size(); i += size_t(shard.count)) mine.push_back(seeds[i]);
    return mine;
}

fs::path seed_scene_dir(const fs::path& out, uint64_t seed) { return out / ("seed" + std::to_string(seed)); }

bool seed_scene_complete(const fs::path& out, uint64_t seed) {
    return fs::is_regular_file(seed_scene_dir(out, seed) / "scene.json");
}

std::string seed_list_text(const std::vector<uint64_t>& seeds) {
    std::vector<uint64_t> sorted = seeds;
    std::sort(sorted.begin(), sorted.end());
    sorted.erase(std::unique(sorted.begin(), sorted.end()), sorted.end());
    std::string text;
    for (size_t i = 0; i < sorted.size();) {
        size_t j = i;
        while (j + 1 < sorted.size() && sorted[j + 1] == sorted[j] + 1) ++j;
        text += (text.empty() ? "" : ",") + std::to_string(sorted[i]) + (j > i ? "-" + std::to_string(sorted[j]) : "");
        i = j + 1;
    }
    return text;
}

fs::path shard_manifest_path(const fs::path& out, const ShardSpec& shard) {
    return out / ".shards" / ("shard-" + std::to_string(shard.index) + "-of-" + std::to_string(shard.count) + ".json");
}

void save_shard_manifest(const ShardManifest& m, const fs::path& out) {
    nlohmann::json done = nlohmann::json::array(), failed = nlohmann::json::array();
    for (const auto& d : m.done)
        done.push_back({{"seed", d.seed}, {"dir", seed_scene_dir(".", d.seed).filename().string()}, {"seconds", d.seconds}});
    for (const auto& f : m.failed) failed.push_back({{"seed", f.seed}, {"error", f.error}});
    const nlohmann::json doc = {{"format", kManifestFormat}, {"version", kManifestVersion},
                                {"shard", {m.shard.index, m.shard.count}}, {"seeds", m.seeds},
                                {"done", done}, {"skipped", m.skipped}, {"failed", failed},
                                {"device", m.device}, {"started", m.started}, {"updated", iso8601_utc_now()}};
    const fs::path file = shard_manifest_path(out, m.shard);
    fs::create_directories(file.parent_path());
    write_text_atomically(file, doc.dump(2) + "\n");
}

std::vector<ShardManifest> load_shard_manifests(const fs::path& out) {
    std::vector<ShardManifest> all;
    const fs::path dir = out / ".shards";
    if (!fs::is_directory(dir)) return all;
    std::vector<fs::path> files;
    for (const auto& entry : fs::directory_iterator(dir))
        if (entry.path().extension() == ".json" && entry.path().filename().string()[0] != '.') files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    for (const fs::path& file : files) {
        const nlohmann::json json = parse_json_file(file);
        const JsonAt doc(json, file.string());
        if (doc["format"].string() != kManifestFormat) doc["format"].fail("\"" + std::string(kManifestFormat) + "\"", doc["format"].describe());
        if (doc["version"].integer() != kManifestVersion) doc["version"].fail("1", doc["version"].describe());
        ShardManifest m;
        doc["shard"].array_size(2);
        m.shard = {int(doc["shard"][0].integer()), int(doc["shard"][1].integer())};
        m.seeds = seeds_of(doc["seeds"]);
        m.skipped = seeds_of(doc["skipped"]);
        for (size_t i = 0; i < doc["done"].array_size(); ++i)
            m.done.push_back({doc["done"][i]["seed"].unsigned_integer(), doc["done"][i]["seconds"].number()});
        for (size_t i = 0; i < doc["failed"].array_size(); ++i)
            m.failed.push_back({doc["failed"][i]["seed"].unsigned_integer(), doc["failed"][i]["error"].string()});
        m.device = doc["device"].string();
        m.started = doc["started"].string();
        all.push_back(std::move(m));
    }
    return all;
}

ShardStatus shard_status(const fs::path& out, const std::vector<uint64_t>& seeds) {
    std::map<uint64_t, std::string> last_error;
    for (const ShardManifest& m : load_shard_manifests(out))
        for (const auto& f : m.failed) last_error[f.seed] = f.error;
    ShardStatus status;
    for (uint64_t seed : seeds) {
        if (seed_scene_complete(out, seed)) {
            status.complete.push_back(seed);
            continue;
        }
        status.missing.push_back(seed);
        if (const auto it = last_error.find(seed); it != last_error.end()) status.failed.push_back({seed, it->second});
    }
    return status;
}

}  // namespace ivid::pipeline

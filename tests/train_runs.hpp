// Tiny training runs shared by the training tests: a synthetic 32x32 dataset, the fixture
// configs of tests/fixtures/train with trainer keys overridden, and a run of them.
#pragma once

#include <filesystem>
#include <string>

#include <nlohmann/json.hpp>

#include "core/dataset/synth_dataset.hpp"
#include "core/train/trainer.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/json_fields.hpp"
#include "tests/test_support.hpp"

namespace ivid::test {

inline const std::filesystem::path kTrainFixtures = std::filesystem::path(IVID_FIXTURES_DIR) / "train";

// 8 synthetic worlds at 32x32, made once per test program.
inline const std::filesystem::path& tiny_dataset() {
    static TempDir dir;
    static const std::filesystem::path data = [] {
        dataset::SynthDatasetSettings s;
        s.count = 8;
        s.image_size = 32;
        s.first_seed = 50;
        s.last_seed = 57;
        s.samples_per_pixel = 1;
        s.threads = 1;
        dataset::write_synth_dataset(s, dir.path / "data", false);
        return dir.path / "data";
    }();
    return data;
}

// The fixture config tiny_<role>.json with trainer.args overridden, written into dir.
inline std::filesystem::path config_with(const std::filesystem::path& dir, const std::string& role,
                                         const nlohmann::json& trainer_args) {
    nlohmann::json config = parse_json_file(kTrainFixtures / ("tiny_" + role + ".json"));
    for (const auto& [key, value] : trainer_args.items()) config["trainer"]["args"][key] = value;
    const std::filesystem::path file = dir / ("config_" + role + ".json");
    write_text_atomically(file, config.dump(2));
    return file;
}

inline train::TrainingRun run_of(train::ModelRole role, const std::filesystem::path& config,
                                 const std::filesystem::path& out) {
    train::TrainingRun run;
    run.role = role;
    run.data = tiny_dataset();
    run.config = config;
    run.out = out;
    run.threads = 1;
    return run;
}

}  // namespace ivid::test

// A training run's folder and how it resumes. Layout (IVID's checkpoint names):
//   config.json                          the config the run was started with
//   ckpts/model_step0001000.pt           network weights (IVID state dict, loads in Python)
//   ckpts/ema_0.999_step0001000.pt       EMA weights per rate (what generation uses)
//   ckpts/optimizer_step0001000.pt       AdamW state (LibTorch archive)
//   latest.json                          the last complete checkpoint; written last, atomically
//   log.csv, samples/stepNNNNNNN.png     loss log and sample grids
// Every file is written to a temporary name and renamed, and latest.json only names a
// checkpoint once all its files exist, so an interruption at any point (crash, kill, full disk)
// leaves the previous checkpoint usable.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ivid::train {

struct CheckpointFiles {
    int64_t step = 0;
    std::string model;                   // relative to the run folder
    std::vector<std::string> ema;        // one per EMA rate, in the config's order
    std::string optimizer;
};

struct RunRecord {
    static constexpr int kVersion = 1;
    std::string role;                    // "uncond" / "cond"
    std::string data;                    // dataset folder
    int64_t data_images = 0;
    int64_t images_seen = 0;
    double train_seconds = 0.0;          // wall time spent in training steps, all sessions
    double cpu_seconds = 0.0;            // CPU time of the training process (all threads), all sessions
    std::vector<CheckpointFiles> checkpoints;  // oldest first; the last one is current
};

std::string step_tag(int64_t step);      // "step0001000"
std::string ema_tag(double rate);        // "0.999" as IVID prints it
CheckpointFiles checkpoint_files(int64_t step, const std::vector<double>& ema_rates);

// Reads run/latest.json; Error naming the file and key when it is damaged, or a checkpoint file
// it names is missing.
RunRecord read_run_record(const std::filesystem::path& run);
void write_run_record(const std::filesystem::path& run, const RunRecord& record);

}  // namespace ivid::train

#include "core/train/training_state.hpp"

#include <cstdio>

#include <nlohmann/json.hpp>

#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"
#include "core/util/number_text.hpp"

namespace ivid::train {

std::string step_tag(int64_t step) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "step%07lld", static_cast<long long>(step));
    return buf;
}

std::string ema_tag(double rate) { return number_text(rate); }

CheckpointFiles checkpoint_files(int64_t step, const std::vector<double>& ema_rates) {
    CheckpointFiles f;
    f.step = step;
    f.model = "ckpts/model_" + step_tag(step) + ".pt";
    for (double rate : ema_rates) f.ema.push_back("ckpts/ema_" + ema_tag(rate) + "_" + step_tag(step) + ".pt");
    f.optimizer = "ckpts/optimizer_" + step_tag(step) + ".pt";
    return f;
}

RunRecord read_run_record(const std::filesystem::path& run) {
    const auto file = run / "latest.json";
    const nlohmann::json doc = parse_json_file(file);
    const JsonAt root(doc, file.string());
    if (root["version"].integer() != RunRecord::kVersion)
        root["version"].fail(std::to_string(RunRecord::kVersion), root["version"].describe());
    RunRecord r;
    r.role = root["role"].string();
    r.data = root["data"].string();
    r.data_images = root["data_images"].integer();
    r.images_seen = root["images_seen"].integer();
    r.train_seconds = root["train_seconds"].number();
    if (root.has("cpu_seconds")) r.cpu_seconds = root["cpu_seconds"].number();
    const JsonAt list = root["checkpoints"];
    for (size_t i = 0, n = list.array_size(); i < n; ++i) {
        CheckpointFiles c;
        c.step = list[i]["step"].integer();
        c.model = list[i]["model"].string();
        c.optimizer = list[i]["optimizer"].string();
        for (size_t k = 0, m = list[i]["ema"].array_size(); k < m; ++k) c.ema.push_back(list[i]["ema"][k].string());
        r.checkpoints.push_back(c);
    }
    if (r.checkpoints.empty()) list.fail("at least one checkpoint", "an empty list");
    const CheckpointFiles& last = r.checkpoints.back();
    std::vector<std::string> needed = last.ema;
    needed.push_back(last.model);
    needed.push_back(last.optimizer);
    for (const auto& name : needed)
        if (!std::filesystem::is_regular_file(run / name))
            throw Error(file.string() + ": names checkpoint file " + name + ", which is missing");
    return r;
}

void write_run_record(const std::filesystem::path& run, const RunRecord& record) {
    nlohmann::json checkpoints = nlohmann::json::array();
    for (const auto& c : record.checkpoints)
        checkpoints.push_back({{"step", c.step}, {"model", c.model}, {"ema", c.ema}, {"optimizer", c.optimizer}});
    const nlohmann::json doc = {{"version", RunRecord::kVersion},     {"role", record.role},
                                {"data", record.data},                {"data_images", record.data_images},
                                {"images_seen", record.images_seen},  {"train_seconds", record.train_seconds},
                                {"cpu_seconds", record.cpu_seconds},
                                {"checkpoints", checkpoints}};
    write_text_atomically(run / "latest.json", doc.dump(2) + "\n");
}

}  // namespace ivid::train

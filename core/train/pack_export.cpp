#include "core/train/pack_export.hpp"

#include <nlohmann/json.hpp>

#include "core/nn/adm_config.hpp"
#include "core/pipeline/generation_models.hpp"
#include "core/pipeline/model_pack.hpp"
#include "core/pipeline/super_resolution.hpp"
#include "core/train/training_config.hpp"
#include "core/train/training_state.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"

namespace ivid::train {
namespace fs = std::filesystem;
namespace {

struct RunFiles {
    RunRecord record;
    fs::path config, checkpoint;
};

RunFiles read_run(const fs::path& run, ModelRole role) {
    RunFiles f;
    f.record = read_run_record(run);
    if (f.record.role != model_role_name(role))
        throw Error(run.string() + ": trains a \"" + f.record.role + "\" model, expected a \"" + model_role_name(role) +
                    "\" run here");
    f.config = run / "config.json";
    f.checkpoint = run / f.record.checkpoints.back().ema.front();
    return f;
}

nlohmann::json training_json(const RunFiles& f) {
    return {{"step", f.record.checkpoints.back().step}, {"images_seen", f.record.images_seen},
            {"train_hours", f.record.train_seconds / 3600.0}, {"cpu_hours", f.record.cpu_seconds / 3600.0},
            {"data", f.record.data}, {"data_images", f.record.data_images},
            {"checkpoint", f.checkpoint.filename().string()}};
}

// The SR run's entries of pack.json, after checking that its model upsamples the base models' views.
void add_superres(nlohmann::json& pack, const RunFiles& sr, const PackExport& request, int base_size) {
    const nn::ModelConfig config = nn::load_model_config(sr.config);
    pipeline::check_superres_model(config);
    pipeline::check_superres_start(config, request.super_resolution);
    pipeline::check_superres_fits(config, base_size);
    pack["super_resolution"] = {{"config", "sr.json"}, {"checkpoint", "sr.pt"}};
    nlohmann::json settings = diffusion::to_json(request.super_resolution);
    settings["back_projection"] = request.super_resolution_back_projection;
    pack["defaults"]["super_resolution"] = settings;
    pack["training"]["super_resolution"] = training_json(sr);
}

}  // namespace

void export_model_pack(const PackExport& request) {
    const RunFiles uncond = read_run(request.unconditional_run, ModelRole::Unconditional);
    const RunFiles cond = read_run(request.conditional_run, ModelRole::Conditional);
    const nn::ModelConfig uncond_config = nn::load_model_config(uncond.config);
    pipeline::check_model_pair(uncond_config, nn::load_model_config(cond.config));
    std::optional<RunFiles> sr;
    if (request.superres_run) sr = read_run(*request.superres_run, ModelRole::SuperResolution);
    nlohmann::json pack = {
        {"version", 1},
        {"name", request.name},
        {"unconditional", {{"config", "uncond.json"}, {"checkpoint", "uncond.pt"}}},
        {"conditional", {{"config", "cond.json"}, {"checkpoint", "cond.pt"}}},
        {"defaults", {{"viewset", request.viewset},
                      {"unconditional", diffusion::to_json(request.unconditional)},
                      {"conditional", diffusion::to_json(request.conditional)},
                      {"aggregation", pipeline::aggregation_tolerances_to_json(request.aggregation)},
                      {"corrections", pipeline::to_json(request.corrections)}}},
        {"training", {{"unconditional", training_json(uncond)}, {"conditional", training_json(cond)}}}};
    if (sr) add_superres(pack, *sr, request, uncond_config.backbone.image_size);
    write_folder_atomically(request.out, request.overwrite, [&](const fs::path& dir) {
        fs::copy_file(uncond.config, dir / "uncond.json");
        fs::copy_file(uncond.checkpoint, dir / "uncond.pt");
        fs::copy_file(cond.config, dir / "cond.json");
        fs::copy_file(cond.checkpoint, dir / "cond.pt");
        if (sr) {
            fs::copy_file(sr->config, dir / "sr.json");
            fs::copy_file(sr->checkpoint, dir / "sr.pt");
        }
        write_text_atomically(dir / "pack.json", pack.dump(2) + "\n");
    });
}

}  // namespace ivid::train

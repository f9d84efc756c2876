#include "core/pipeline/model_pack.hpp"

#include <set>

#include "core/util/asset_paths.hpp"
#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"

namespace fs = std::filesystem;

namespace ivid::pipeline {

namespace {

ModelFiles read_model_files(const JsonAt& at, const fs::path& dir) {
    reject_unknown_keys(at, {"config", "checkpoint"}, "config, checkpoint");
    ModelFiles files{dir / at["config"].string(), dir / at["checkpoint"].string(), dir};
    for (const auto& [key, path] : {std::pair{"config", files.config}, std::pair{"checkpoint", files.checkpoint}})
        if (!fs::is_regular_file(path))
            throw Error::at(at.file(), at.key() + "." + key, "an existing file", path.string() + " does not exist");
    return files;
}

std::string recorded_path(const fs::path& file, const fs::path& pack_dir) {
    return (pack_dir.empty() ? file : file.lexically_relative(pack_dir)).generic_string();
}

// The pack's settings on top of IVID's defaults for that model.
diffusion::SamplerSettings read_settings(const JsonAt& at, const diffusion::SamplerSettings& ivid_defaults) {
    nlohmann::json merged = diffusion::to_json(ivid_defaults);
    if (at.value().is_object()) merged.update(at.value());
    else merged = at.value();
    return diffusion::sampler_settings_from_json(merged, at.file() + ": " + at.key());
}

}  // namespace

diffusion::SamplerSettings ivid_default_settings(bool conditional) {
    diffusion::SamplerSettings s;
    s.sampler = conditional ? diffusion::SamplerKind::Ddim : diffusion::SamplerKind::Ddpm;
    s.steps = conditional ? 50 : 1000;
    s.guidance = 3.0;
    return s;
}

diffusion::SamplerSettings ivid_default_superres_settings() {
    diffusion::SamplerSettings s;
    s.sampler = diffusion::SamplerKind::Ddim;
    s.steps = 50;
    s.guidance = 3.0;
    return s;
}

AggregateSettings aggregation_tolerances_from_json(const JsonAt& at, AggregateSettings base) {
    at.object();
    reject_unknown_keys(at, {"atol", "rtol", "erode_rgb"}, "atol, rtol, erode_rgb");
    for (const auto& [key, value] : {std::pair{"atol", &base.atol}, std::pair{"rtol", &base.rtol}}) {
        if (!at.has(key)) continue;
        *value = at[key].finite_float();
        if (*value < 0) at[key].fail("a number >= 0", at[key].describe());
    }
    if (at.has("erode_rgb")) {
        const int64_t erode = at["erode_rgb"].integer();
        if (erode < 1 || erode > 16) at["erode_rgb"].fail("1..16", std::to_string(erode));
        base.erode_rgb = int(erode);
    }
    return base;
}

nlohmann::json aggregation_tolerances_to_json(const AggregateSettings& s) {
    return {{"atol", json_decimal(s.atol)}, {"rtol", json_decimal(s.rtol)}, {"erode_rgb", s.erode_rgb}};
}

std::string ModelFiles::recorded_config() const { return recorded_path(config, pack_dir); }
std::string ModelFiles::recorded_checkpoint() const { return recorded_path(checkpoint, pack_dir); }

ModelPack load_model_pack(const fs::path& dir) {
    const fs::path file = dir / "pack.json";
    const nlohmann::json doc = parse_json_file(file);
    const JsonAt root(doc, file.string());
    root.object();
    // "training" (written by `ivid pack`) records how the models were trained; it is not read.
    reject_unknown_keys(root, {"version", "name", "unconditional", "conditional", "super_resolution", "defaults", "training"},
                        "version, name, unconditional, conditional, super_resolution, defaults, training");
    if (root["version"].integer() != 1) root["version"].fail("1", root["version"].describe());
    ModelPack pack;
    pack.dir = dir;
    pack.models.name = root["name"].string();
    pack.models.unconditional = read_model_files(root["unconditional"], dir);
    pack.models.conditional = read_model_files(root["conditional"], dir);
    if (root.has("super_resolution")) pack.models.super_resolution = read_model_files(root["super_resolution"], dir);
    pack.unconditional = ivid_default_settings(false);
    pack.conditional = ivid_default_settings(true);
    pack.super_resolution = ivid_default_superres_settings();
    if (root.has("defaults")) {
        const JsonAt defaults = root["defaults"];
        reject_unknown_keys(defaults, {"viewset", "unconditional", "conditional", "super_resolution", "aggregation", "corrections"},
                            "viewset, unconditional, conditional, super_resolution, aggregation, corrections");
        if (defaults.has("viewset")) pack.viewset = defaults["viewset"].string();
        if (defaults.has("unconditional"))
            pack.unconditional = read_settings(defaults["unconditional"], ivid_default_settings(false));
        if (defaults.has("conditional")) pack.conditional = read_settings(defaults["conditional"], ivid_default_settings(true));
        if (defaults.has("super_resolution")) {
            if (!pack.models.super_resolution)
                defaults["super_resolution"].fail("no settings (the pack has no \"super_resolution\" model)", "settings");
            // back_projection belongs to the SR stage, not to the sampler: read, then left out.
            const JsonAt sr = defaults["super_resolution"];
            sr.object();
            nlohmann::json sampler = sr.value();
            if (sr.has("back_projection")) {
                pack.super_resolution_back_projection = sr["back_projection"].number();
                if (pack.super_resolution_back_projection < 0 || pack.super_resolution_back_projection > 1)
                    sr["back_projection"].fail("a number from 0 to 1", sr["back_projection"].describe());
                sampler.erase("back_projection");
            }
            pack.super_resolution = read_settings(JsonAt(sampler, sr.file(), sr.key()), ivid_default_superres_settings());
        }
        if (defaults.has("aggregation"))
            pack.aggregation = aggregation_tolerances_from_json(defaults["aggregation"], pack.aggregation);
        if (defaults.has("corrections"))
            pack.corrections = correction_weights_from_json(defaults["corrections"], pack.corrections);
    }
    return pack;
}

ModelPack load_default_model_pack() {
    const fs::path relative = fs::path(kDefaultModelPack) / "pack.json";
    if (const auto found = find_asset(relative)) return load_model_pack(found->parent_path());
    std::string tried;
    for (const fs::path& candidate : asset_candidates(relative)) tried += "\n  " + candidate.string();
    throw Error("no default model pack: assets/" + relative.generic_string() +
                " was not found (tried:" + tried +
                "\n); name a model pack folder or the four model files instead");
}

}  // namespace ivid::pipeline

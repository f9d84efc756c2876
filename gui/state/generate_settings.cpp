#include "gui/state/generate_settings.hpp"

#include <utility>

#include "core/engine_api.hpp"
#include "core/util/error.hpp"

namespace ivid {
namespace {

constexpr int kMaxSteps = 100000;

nlohmann::json sampler_to_json(const GenerateSamplerSettings& s) {
    return {{"sampler", s.sampler}, {"steps", s.steps},  {"guidance", s.guidance},
            {"clip_denoised", s.clip_denoised}, {"eta", s.eta}, {"start_strength", s.start_strength}};
}

void read_sampler(const JsonAt& json, GenerateSamplerSettings& s) {
    json.object();
    if (json.has("sampler")) s.sampler = json["sampler"].string();
    if (json.has("steps")) {
        const int64_t steps = json["steps"].integer();
        if (steps < 1 || steps > kMaxSteps) json["steps"].fail("1.." + std::to_string(kMaxSteps), std::to_string(steps));
        s.steps = static_cast<int>(steps);
    }
    if (json.has("guidance")) s.guidance = json["guidance"].finite_float();
    if (json.has("clip_denoised")) s.clip_denoised = json["clip_denoised"].boolean();
    if (json.has("eta")) {
        s.eta = json["eta"].finite_float();
        if (s.eta < 0) json["eta"].fail("a number >= 0", std::to_string(s.eta));
    }
    if (json.has("start_strength")) {
        s.start_strength = json["start_strength"].finite_float();
        if (!(s.start_strength > 0.0f && s.start_strength <= 1.0f))
            json["start_strength"].fail("in (0, 1]", std::to_string(s.start_strength));
    }
}

nlohmann::json super_resolution_to_json(const GenerateSettings& s) {
    nlohmann::json json = sampler_to_json(s.super_resolution_sampler);
    json["on"] = s.super_resolution;
    json["mode"] = s.super_resolution_mode;
    return json;
}

void read_super_resolution(const JsonAt& json, GenerateSettings& s) {
    read_sampler(json, s.super_resolution_sampler);
    if (json.has("on")) s.super_resolution = json["on"].boolean();
    if (json.has("mode"))
        s.super_resolution_mode = enum_name(pipeline::kUpscaleModeNames, json["mode"].enum_value(pipeline::kUpscaleModeNames));
}

}  // namespace

ModelSourceKind parse_model_source(const std::string& name) {
    return parse_enum(kModelSourceNames, name, "model source", "");
}

std::string model_source_name(ModelSourceKind kind) { return enum_name(kModelSourceNames, kind); }

nlohmann::json generate_settings_to_json(const GenerateSettings& s) {
    return {{"source", model_source_name(s.source)},
            {"pack", s.pack_dir.string()},
            {"unconditional_config", s.unconditional_config.string()},
            {"unconditional_checkpoint", s.unconditional_checkpoint.string()},
            {"conditional_config", s.conditional_config.string()},
            {"conditional_checkpoint", s.conditional_checkpoint.string()},
            {"seed", s.seed},
            {"viewset", s.viewset},
            {"class", s.class_id},
            {"unconditional", sampler_to_json(s.unconditional)},
            {"conditional", sampler_to_json(s.conditional)},
            {"super_resolution", super_resolution_to_json(s)},
            {"sampler_source", s.sampler_source},
            {"save_to", s.save_dir.string()}};
}

void read_generate_settings(const JsonAt& json, GenerateSettings& s) {
    json.object();
    if (json.has("source")) s.source = json["source"].enum_value(kModelSourceNames);
    for (const auto& [key, path] : {std::pair{"pack", &s.pack_dir},
                                    std::pair{"unconditional_config", &s.unconditional_config},
                                    std::pair{"unconditional_checkpoint", &s.unconditional_checkpoint},
                                    std::pair{"conditional_config", &s.conditional_config},
                                    std::pair{"conditional_checkpoint", &s.conditional_checkpoint},
                                    std::pair{"save_to", &s.save_dir}})
        if (json.has(key)) *path = json[key].string();
    if (json.has("seed")) s.seed = json["seed"].unsigned_integer();
    if (json.has("viewset")) s.viewset = json["viewset"].string();
    if (json.has("sampler_source")) s.sampler_source = json["sampler_source"].string();
    if (json.has("class")) {
        const int64_t id = json["class"].integer();
        if (id < -1) json["class"].fail("-1 (seed % classes) or a class id", std::to_string(id));
        s.class_id = static_cast<int>(id);
    }
    if (json.has("unconditional")) read_sampler(json["unconditional"], s.unconditional);
    if (json.has("conditional")) read_sampler(json["conditional"], s.conditional);
    if (json.has("super_resolution")) read_super_resolution(json["super_resolution"], s);
}

void GenerateLaunch::apply(GenerateSettings& settings) const {
    if (pack) {
        settings.source = ModelSourceKind::PackFolder;
        settings.pack_dir = *pack;
    }
    if (seed) settings.seed = *seed;
    if (steps) settings.unconditional.steps = settings.conditional.steps = *steps;
    if (viewset) settings.viewset = *viewset;
}

}  // namespace ivid

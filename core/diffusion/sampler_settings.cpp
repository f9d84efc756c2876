#include "core/diffusion/sampler_settings.hpp"

#include <algorithm>
#include <cmath>

#include "core/util/error.hpp"

namespace ivid::diffusion {

SamplerKind parse_sampler_kind(const std::string& name) { return parse_enum(kSamplerKindNames, name, "", "sampler"); }

std::string sampler_kind_name(SamplerKind kind) { return enum_name(kSamplerKindNames, kind); }

void SamplerSettings::validate(int timesteps, const std::string& role) const {
    const std::string who = role.empty() ? "sampler" : role + " sampler";
    if (steps < 1 || steps > timesteps)
        throw Error::at(who, "steps", "1.." + std::to_string(timesteps) + " (the model's timesteps)", std::to_string(steps));
    if (!(eta >= 0) || !std::isfinite(eta))
        throw Error::at(who, "eta", "a finite number >= 0", std::to_string(eta));
    if (!std::isfinite(guidance))
        throw Error::at(who, "guidance", "a finite number", std::to_string(guidance));
    if (!(start_strength > 0.0 && start_strength <= 1.0))
        throw Error::at(who, "start_strength", "in (0, 1]", std::to_string(start_strength));
    if (steps > start_timestep(timesteps))
        throw Error::at(who, "steps", "at most " + std::to_string(start_timestep(timesteps)) + " (start_strength x timesteps)",
                        std::to_string(steps));
}

nlohmann::json to_json(const SamplerSettings& s) {
    nlohmann::json json = {{"sampler", sampler_kind_name(s.sampler)},
                           {"steps", s.steps},
                           {"eta", s.eta},
                           {"guidance", s.guidance},
                           {"batched_guidance", s.batched_guidance},
                           {"clip_denoised", s.clip_denoised}};
    // Only a part-way start is written: absent means IVID's start from pure noise.
    if (s.start_strength != 1.0) json["start_strength"] = s.start_strength;
    return json;
}

int SamplerSettings::start_timestep(int timesteps) const {
    return std::max(1, int(std::lround(start_strength * timesteps)));
}

SamplerSettings sampler_settings_from_json(const nlohmann::json& json, const std::string& source) {
    if (!json.is_object()) throw Error::at(source, "sampler settings", "an object", json.type_name());
    SamplerSettings s;
    for (const auto& item : json.items()) {
        // Named references, not a structured binding: C++17 lambdas cannot capture those (clang).
        const std::string& key = item.key();
        const nlohmann::json& value = item.value();
        auto wrong = [&](const std::string& expected) {
            return Error::at(source, key, expected, value.dump());
        };
        if (key == "sampler") {
            if (!value.is_string()) throw wrong("a string");
            try {
                s.sampler = parse_sampler_kind(value.get<std::string>());
            } catch (const Error&) {
                throw wrong(enum_choices(kSamplerKindNames));
            }
        } else if (key == "steps") {
            if (!value.is_number_integer()) throw wrong("an integer");
            s.steps = value.get<int>();
        } else if (key == "eta") {
            if (!value.is_number()) throw wrong("a number");
            s.eta = value.get<double>();
        } else if (key == "guidance") {
            if (!value.is_number()) throw wrong("a number");
            s.guidance = value.get<double>();
        } else if (key == "batched_guidance") {
            if (!value.is_boolean()) throw wrong("true or false");
            s.batched_guidance = value.get<bool>();
        } else if (key == "clip_denoised") {
            if (!value.is_boolean()) throw wrong("true or false");
            s.clip_denoised = value.get<bool>();
        } else if (key == "start_strength") {
            if (!value.is_number()) throw wrong("a number");
            s.start_strength = value.get<double>();
        } else {
            throw Error::at(source, key,
                            "one of sampler, steps, eta, guidance, batched_guidance, clip_denoised, start_strength",
                            "unknown key");
        }
    }
    return s;
}

}  // namespace ivid::diffusion

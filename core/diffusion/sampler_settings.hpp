// Sampler settings as one plain struct: the GUI binds widgets to it, the CLI fills it from
// flags, scene files store it as JSON.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/util/enum_names.hpp"

namespace ivid::diffusion {

enum class SamplerKind { Ddpm, Ddim, DpmSolver2M };
inline constexpr EnumName<SamplerKind> kSamplerKindNames[] = {
    {SamplerKind::Ddpm, "ddpm"}, {SamplerKind::Ddim, "ddim"}, {SamplerKind::DpmSolver2M, "dpmpp_2m"}};

// "ddpm", "ddim", "dpmpp_2m"; anything else is an Error naming the value and the choices.
SamplerKind parse_sampler_kind(const std::string& name);
std::string sampler_kind_name(SamplerKind kind);

struct SamplerSettings {
    SamplerKind sampler = SamplerKind::Ddim;
    int steps = 50;                // sampler steps on IVID's grid (1..T)
    double eta = 0.0;              // DDIM only: 0 deterministic, 1 DDPM-like noise
    double guidance = 3.0;         // classifier-free guidance strength s
    bool batched_guidance = true;  // cond and uncond passes in one forward
    // Clamp each step's predicted x0 to [-1, 1] before the x0 corrections (IVID's clip_denoised,
    // off in IVID's samplers). Small or young models need it: without it a few steps with x0
    // far outside the data range can make the whole trajectory diverge.
    bool clip_denoised = false;
    // Where the reverse process starts, as a fraction of the model's timesteps: 1 starts from pure
    // noise at T (IVID); s < 1 starts at t = round(s T) from an initial image noised to that level
    // (SDEdit; for super-resolution, Chung et al.'s "come closer, diffuse faster"), which the
    // caller provides (SampleRequest::start). The steps are spread over [1, t].
    double start_strength = 1.0;

    // Error naming the field when a value is out of range for a model with `timesteps` steps.
    // `role` names the model in messages ("unconditional sampler: steps: expected 1..1000, found 0").
    void validate(int timesteps, const std::string& role = "") const;
    // The diffusion step the reverse process starts at: round(start_strength x timesteps), >= 1.
    int start_timestep(int timesteps) const;
};

// start_strength only when it is not 1 (a part-way start).
nlohmann::json to_json(const SamplerSettings& settings);
// Missing keys keep their defaults; wrong types, unknown keys and unknown names are Errors
// naming `source` (e.g. the file) and the key.
SamplerSettings sampler_settings_from_json(const nlohmann::json& json, const std::string& source);

}  // namespace ivid::diffusion

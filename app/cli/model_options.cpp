#include "app/cli/model_options.hpp"

#include "app/cli/thread_options.hpp"
#include "core/util/error.hpp"

namespace ivid::cli {
namespace {

const char* kModelFileOptions[] = {"uncond-config", "uncond-ckpt", "cond-config", "cond-ckpt"};

// --sampler-WHICH and --steps-WHICH: one model's own overrides.
void apply_model_sampler_options(const ArgParser& args, diffusion::SamplerSettings& s, const std::string& which) {
    if (args.is_set("sampler-" + which)) s.sampler = diffusion::parse_sampler_kind(args.get("sampler-" + which));
    // The model's own step limit (its timesteps) is checked once the model is read.
    if (args.is_set("steps-" + which)) s.steps = args.get_int_in("steps-" + which, 1, 1000000);
}

// Command-line overrides of the pack's sampler settings of a base model.
void apply_sampler_options(const ArgParser& args, diffusion::SamplerSettings& s, const std::string& which) {
    if (args.is_set("sampler")) s.sampler = diffusion::parse_sampler_kind(args.get("sampler"));
    apply_model_sampler_options(args, s, which);
    if (args.is_set("guidance")) s.guidance = args.get_double_in("guidance", -1e6, 1e6);
    if (args.is_set("clip")) s.clip_denoised = args.get_on_off("clip");
    if (args.is_set("eta")) s.eta = args.get_double_in("eta", 0.0, 1e3);
}

}  // namespace

void add_model_options(ArgParser& args) {
    args.option("models", "DIR", "model pack folder (DIR/pack.json)");
    args.option("uncond-config", "C.json", "unconditional model config (IVID configs/*.json)");
    args.option("uncond-ckpt", "F.pt", "unconditional model checkpoint");
    args.option("cond-config", "C.json", "conditional model config");
    args.option("cond-ckpt", "F.pt", "conditional model checkpoint");
    args.option("steps-uncond", "N", "unconditional sampler steps (default: the pack's, else 1000)");
    args.option("steps-cond", "M", "conditional sampler steps (default: the pack's, else 50)");
    args.option("guidance", "G", "classifier-free guidance strength (default: the pack's, else 3)");
    args.option("eta", "E", "DDIM noise: 0 deterministic, 1 DDPM-like (default: the pack's, else 0)");
    args.option("clip", "on|off", "clamp each step's predicted x0 to [-1, 1] (default: the pack's, else off as IVID)");
    args.option("sampler", "NAME", "ddim, ddpm or dpmpp_2m for both models");
    args.option("sampler-uncond", "NAME", "sampler of the unconditional model (default: the pack's, else ddpm)");
    args.option("sampler-cond", "NAME", "sampler of the conditional model (default: the pack's, else ddim)");
    args.option("atol", "A", "depth-edge tolerance, absolute (default: the pack's, else 0.03 as IVID)");
    args.option("rtol", "R", "depth-edge tolerance, relative (default: the pack's, else 0.03 as IVID)");
    args.option("erode-rgb", "K", "colour-mask erosion, kernel 2K-1 (default: the pack's, else 3 as IVID)");
    args.option("replace-rgb", "W", "pull of known colour on each step's x0, 0..1 (default: the pack's, else 0.1 as IVID)");
    args.option("replace-depth", "W", "pull of known depth, 0..1 (default: the pack's, else 0.2 as IVID)");
    args.option("constrain-depth", "W", "push of unknown depth behind the known surface, 0..1 (default: the pack's, else 0.5)");
    args.option("device", "cpu|cuda", "where the networks run", "cpu");
    add_compute_threads_option(args);
}

pipeline::ModelPack selected_model_pack(const ArgParser& args, const std::string& command) {
    int given = 0;
    for (const char* name : kModelFileOptions) given += args.is_set(name);
    if (given > 0 && args.is_set("models"))
        throw UsageError(command + ": give either --models DIR or the four model files, not both");
    if (given > 0 && given < 4)
        throw UsageError(command + ": --uncond-config, --uncond-ckpt, --cond-config and --cond-ckpt go together");
    pipeline::ModelPack pack;
    if (args.is_set("models")) {
        pack = pipeline::load_model_pack(args.get("models"));
    } else if (given == 0) {
        pack = pipeline::load_default_model_pack();
    } else {
        pack.models.name = "custom";  // files given one by one: no pack folder
        pack.models.unconditional = {args.get("uncond-config"), args.get("uncond-ckpt"), {}};
        pack.models.conditional = {args.get("cond-config"), args.get("cond-ckpt"), {}};
        pack.unconditional = pipeline::ivid_default_settings(false);
        pack.conditional = pipeline::ivid_default_settings(true);
    }
    for (const auto& [name, value] : {std::pair{"atol", &pack.aggregation.atol}, std::pair{"rtol", &pack.aggregation.rtol}})
        if (args.is_set(name)) *value = float(args.get_double_in(name, 0.0, 1e6));
    if (args.is_set("erode-rgb")) pack.aggregation.erode_rgb = args.get_int_in("erode-rgb", 1, 16);
    for (const auto& [name, weight] : {std::pair{"replace-rgb", &pack.corrections.replace_rgb},
                                       std::pair{"replace-depth", &pack.corrections.replace_depth},
                                       std::pair{"constrain-depth", &pack.corrections.constrain_depth}})
        if (args.is_set(name)) *weight = args.get_double_in(name, 0.0, 1.0);
    apply_sampler_options(args, pack.unconditional, "uncond");
    apply_sampler_options(args, pack.conditional, "cond");
    return pack;
}

void add_superres_options(ArgParser& args) {
    args.option("sr-config", "C.json", "super-resolution model config (IVID's SuperResCFG); default: the pack's");
    args.option("sr-ckpt", "F.pt", "super-resolution model checkpoint");
    args.option("steps-sr", "N", "super-resolution sampler steps (default: the pack's, else 50)");
    args.option("sampler-sr", "NAME", "super-resolution sampler: ddim, ddpm or dpmpp_2m (default: the pack's, else ddim)");
    args.option("guidance-sr", "G", "super-resolution guidance strength (class-conditional SR models; default: the pack's, else 3)");
    args.option("clip-sr", "on|off", "super-resolution: clamp each step's x0 to [-1, 1] (default: the pack's, else off)");
    args.option("eta-sr", "E", "super-resolution DDIM noise (default: the pack's, else 0)");
    args.option("strength-sr", "S", "super-resolution: start at S x T from the bicubic upsampling noised to that level, not from "
                                   "pure noise (0 < S <= 1; default: the pack's, else 1 as IVID)");
    args.option("back-projection-sr", "W",
                "super-resolution: pull each step's x0 onto the low-res view, 0..1 (1: the upsampled view box-averages "
                "to the view; default: the pack's, else 0 as IVID)");
    args.option("sr-mode", "M", "independent (each view on its own, as IVID) or consistent (views upsampled so far held as known pixels)",
                "independent");
    args.option("sr-batch", "B", "views upsampled together (independent mode)", "4");
}

pipeline::UpscaleSettings selected_upscale_settings(const ArgParser& args, pipeline::ModelPack& pack,
                                                    const std::string& command) {
    if (args.is_set("sr-config") != args.is_set("sr-ckpt"))
        throw UsageError(command + ": --sr-config and --sr-ckpt go together");
    if (args.is_set("sr-config")) {
        pack.models.super_resolution = pipeline::ModelFiles{args.get("sr-config"), args.get("sr-ckpt"), {}};
        pack.super_resolution = pipeline::ivid_default_superres_settings();
        pack.super_resolution_back_projection = 0.0;
    }
    pipeline::UpscaleSettings s;
    s.sampler = pack.super_resolution;
    apply_model_sampler_options(args, s.sampler, "sr");
    if (args.is_set("clip-sr")) s.sampler.clip_denoised = args.get_on_off("clip-sr");
    if (args.is_set("eta-sr")) s.sampler.eta = args.get_double_in("eta-sr", 0.0, 1e3);
    if (args.is_set("guidance-sr")) s.sampler.guidance = args.get_double_in("guidance-sr", -1e6, 1e6);
    if (args.is_set("strength-sr")) s.sampler.start_strength = args.get_double_in("strength-sr", 1e-3, 1.0);
    try {
        s.mode = pipeline::parse_upscale_mode(args.get("sr-mode"), "--sr-mode");
    } catch (const Error&) {
        throw UsageError(command + ": --sr-mode: expected " + enum_choices(pipeline::kUpscaleModeNames) + ", found \"" +
                         args.get("sr-mode") + "\"");
    }
    s.back_projection = float(args.is_set("back-projection-sr") ? args.get_double_in("back-projection-sr", 0.0, 1.0)
                                                                  : pack.super_resolution_back_projection);
    s.batch_size = args.get_int_in("sr-batch", 1, 4096);
    s.aggregation = pack.aggregation;
    return s;
}

}  // namespace ivid::cli

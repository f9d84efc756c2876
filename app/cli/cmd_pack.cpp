// ivid pack: a model pack from two `ivid train` runs (what ivid generate, ivid eval and the
// studio's Generate panel load).
#include <cstdio>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "core/pipeline/model_pack.hpp"
#include "core/train/pack_export.hpp"

namespace ivid::cli {
namespace {

diffusion::SamplerSettings sampler_from(const ArgParser& args, const std::string& which) {
    diffusion::SamplerSettings s = pipeline::ivid_default_settings(which == "cond");
    s.sampler = diffusion::parse_sampler_kind(args.get("sampler-" + which));
    s.steps = args.get_int_in("steps-" + which, 1, 1000);
    s.guidance = args.get_double("guidance");
    s.clip_denoised = args.get_on_off("clip");
    s.eta = args.get_double_in("eta", 0.0, 1e3);
    return s;
}

int run_pack(const std::vector<std::string>& argv) {
    ArgParser args("pack",
                   "Make a model pack folder from an unconditional and a conditional training run (and\n"
                   "optionally a super-resolution run): the configs, the latest EMA checkpoints and a\n"
                   "pack.json with the suggested sampler settings and a record of the training.");
    args.option("uncond", "RUN", "unconditional training run folder (ivid train uncond --out RUN)", "", true);
    args.option("cond", "RUN", "conditional training run folder", "", true);
    args.option("sr", "RUN", "super-resolution training run folder (ivid train sr --out RUN); the pack then upsamples");
    args.option("out", "DIR", "pack folder to write", "", true);
    args.option("name", "NAME", "pack name", "custom pack");
    args.option("viewset", "V", "suggested viewset", "3x9");
    args.option("sampler-uncond", "NAME", "suggested unconditional sampler", "dpmpp_2m");
    args.option("steps-uncond", "N", "suggested unconditional steps", "20");
    args.option("sampler-cond", "NAME", "suggested conditional sampler", "dpmpp_2m");
    args.option("steps-cond", "N", "suggested conditional steps", "15");
    args.option("guidance", "G", "suggested guidance strength (class-conditional models)", "3");
    args.option("eta", "E", "suggested DDIM noise (0 deterministic, 1 DDPM-like)", "0");
    args.option("atol", "A", "suggested depth-edge tolerance, absolute", "0.03");
    args.option("rtol", "R", "suggested depth-edge tolerance, relative", "0.03");
    args.option("erode-rgb", "K", "suggested colour-mask erosion (kernel 2K-1)", "3");
    args.option("replace-rgb", "W", "suggested pull of known colour on each step's x0 (0..1)", "0.1");
    args.option("replace-depth", "W", "suggested pull of known depth (0..1)", "0.2");
    args.option("constrain-depth", "W", "suggested push of unknown depth behind the known surface (0..1)", "0.5");
    args.option("sampler-sr", "NAME", "suggested super-resolution sampler", "ddim");
    args.option("steps-sr", "N", "suggested super-resolution steps", "50");
    args.option("strength-sr", "S", "suggested super-resolution start strength (1: from pure noise, as IVID)", "1");
    args.option("back-projection-sr", "W", "suggested super-resolution back-projection weight (0..1)", "0");
    args.option("clip", "on|off", "suggest clamping each step's predicted x0 to [-1, 1] (small models need it)", "on");
    args.flag("force", "replace an existing --out");
    args.flag("quiet", "no summary");
    if (!args.parse(argv)) return 0;

    train::PackExport request;
    request.unconditional_run = args.get("uncond");
    request.conditional_run = args.get("cond");
    request.out = args.get("out");
    request.name = args.get("name");
    request.viewset = args.get("viewset");
    request.unconditional = sampler_from(args, "uncond");
    request.conditional = sampler_from(args, "cond");
    request.aggregation.atol = float(args.get_double_in("atol", 0.0, 1e6));
    request.aggregation.rtol = float(args.get_double_in("rtol", 0.0, 1e6));
    request.aggregation.erode_rgb = args.get_int_in("erode-rgb", 1, 16);
    request.corrections = {args.get_double_in("replace-rgb", 0.0, 1.0), args.get_double_in("replace-depth", 0.0, 1.0),
                           args.get_double_in("constrain-depth", 0.0, 1.0)};
    if (args.is_set("sr")) {
        request.superres_run = args.get("sr");
        request.super_resolution = pipeline::ivid_default_superres_settings();
        request.super_resolution.sampler = diffusion::parse_sampler_kind(args.get("sampler-sr"));
        request.super_resolution.steps = args.get_int_in("steps-sr", 1, 1000);
        request.super_resolution.clip_denoised = args.get_on_off("clip");
        request.super_resolution.start_strength = args.get_double_in("strength-sr", 1e-3, 1.0);
        request.super_resolution_back_projection = args.get_double_in("back-projection-sr", 0.0, 1.0);
    }
    request.overwrite = args.is_set("force");
    train::export_model_pack(request);
    pipeline::load_model_pack(request.out);  // what the readers will see
    if (!args.is_set("quiet")) std::printf("wrote model pack %s (%s)\n", request.out.string().c_str(), request.name.c_str());
    return 0;
}

const CommandRegistration registration("pack", "make a model pack from training runs", run_pack);

}  // namespace
}  // namespace ivid::cli

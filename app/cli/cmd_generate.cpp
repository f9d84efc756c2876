// ivid generate: IVID's method end to end (inference/sample.py) from the command line, through
// the same GenerationJob the studio uses: a progress bar from its events, one scene folder per
// seed, nothing written on failure.
#include <cstdio>
#include <cstdlib>
#include <optional>

#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "app/cli/interrupt_guard.hpp"
#include "app/cli/job_progress.hpp"
#include "app/cli/model_options.hpp"
#include "app/cli/sharded_generation.hpp"
#include "core/nn/compute_device.hpp"
#include "core/pipeline/generation_job.hpp"
#include "core/pipeline/generation_models.hpp"
#include "core/pipeline/super_resolution.hpp"
#include "core/scene/results_folder.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/progress.hpp"

namespace ivid::cli {
namespace {

using namespace ivid::pipeline;

ClassChoice select_classes(const ArgParser& args) {
    const std::string mode = args.get("class-mode");
    if (args.is_set("classes")) {
        if (args.is_set("class-mode") && mode != "list")
            throw UsageError("generate: --classes gives a list; it does not go with --class-mode " + mode);
        return parse_class_choice(args.get("classes"), ClassNames::imagenet());
    }
    if (mode == "list") throw UsageError("generate: --class-mode list needs --classes");
    if (mode != "mod" && mode != "random" && mode != "uniform")
        throw UsageError("generate: --class-mode: expected mod, random, uniform or list, found '" + mode + "'");
    return parse_class_choice(mode, ClassNames({}));
}

std::string seconds_text(double s) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f s", s);
    return buf;
}

// A one-machine run does not replace results images unless --force (as for --out); a shard
// replaces those of the scenes it makes and keeps those of complete scenes.
void require_no_results_images(const std::filesystem::path& dir, const GenerationRequest& request,
                               const std::vector<int>& classes) {
    for (size_t i = 0; i < request.seeds.size(); ++i) {
        const std::optional<int> label = classes.empty() ? std::nullopt : std::optional<int>(classes[i]);
        for (const auto& image : results_image_paths(dir, request.seeds[i], label, request.viewset.poses.size()))
            if (std::filesystem::exists(image))
                throw Error(image.string() + ": already exists (use --force to replace the results images)");
    }
}

int run_generate(const std::vector<std::string>& argv) {
    ArgParser args("generate",
                   "Generate 3D scenes with IVID's method: the first view from the unconditional model, every\n"
                   "further view from the conditional model given the views so far. One seed: --out is the\n"
                   "scene folder; several: one folder seed<N> per seed inside --out. Without model arguments\n"
                   "the default model pack (assets/models/default) is used.");
    add_model_options(args);
    add_superres_options(args);
    args.option("sr", "on|off", "upsample every view with the super-resolution model (default: on when the pack has one)");
    args.option("viewset", "V", "3x9, random, ring:N or FILE.json ([{\"yaw\": deg, \"pitch\": deg}, ...]); default: the pack's, else 3x9");
    args.option("seeds", "LIST", "seeds, e.g. 0-3,7 (one scene each)", "0");
    args.option("class-mode", "M", "class per scene: mod (seed % classes), random (from the seed), uniform (scene index % classes)", "mod");
    args.option("classes", "LIST", "class ids, ranges and ImageNet names, e.g. 88,goldfish (one for all, or one per seed)");
    args.option("batch", "B", "scenes sampled together per network call", "4");
    args.option("out", "DIR", "output scene folder (several seeds: folder of seed<N> scene folders)", "", true);
    args.option("shard", "I/N", "make shard I of N of the seeds (seed i of the list goes to shard i mod N) into --out/seed<N>, "
                                "skipping complete scenes; default: the Slurm array task or Kubernetes Indexed Job index");
    args.option("results", "DIR", "also write every view's colour into DIR for FID/KID tools, in IVID's results/ layout: "
                                  "rgb_class<CCC>_seed<SSSSS>_view<NNN>.png (no class part for models without classes), "
                                  "8-bit RGB at the scene's size; shards share one DIR and a rerun fills in what is missing");
    args.flag("force", "replace an existing --out (and existing --results images of its seeds)");
    args.flag("quiet", "no progress bar");
    args.flag("json", "print a JSON summary on stdout");
    if (!args.parse(argv)) return 0;

    ModelPack pack = selected_model_pack(args, "generate");
    GenerationRequest request;
    request.super_resolution = selected_upscale_settings(args, pack, "generate");
    const bool super_resolution = args.is_set("sr") ? args.get_on_off("sr") : pack.models.super_resolution.has_value();
    if (super_resolution && !pack.models.super_resolution)
        throw UsageError("generate: --sr on: the model pack has no super-resolution model (give --sr-config and --sr-ckpt)");
    if (!super_resolution) pack.models.super_resolution.reset();
    request.models = pack.models;
    request.device = args.get("device");
    request.seeds = args.get_seed_list("seeds", 10000);
    request.viewset = parse_viewset(args.is_set("viewset") ? args.get("viewset") : pack.viewset);
    request.classes = select_classes(args);
    request.unconditional = pack.unconditional;
    request.conditional = pack.conditional;
    request.aggregation = pack.aggregation;
    request.corrections = pack.corrections;
    request.batch_size = args.get_int_in("batch", 1, 4096);
    request.out = args.get("out");
    request.overwrite = args.is_set("force");
    nn::set_compute_threads(args.get_int("threads"));

    // Cheap checks before any weights are read: the pair, classes against the class count.
    std::optional<int> num_classes;
    std::vector<int> classes;  // of every seed, for models with classes
    {
        for (const ModelFiles* f : {&pack.models.unconditional, &pack.models.conditional})
            if (!std::filesystem::is_regular_file(f->checkpoint))
                throw Error(f->checkpoint.string() + ": no such model checkpoint");
        const nn::ModelConfig u = nn::load_model_config(pack.models.unconditional.config);
        const nn::ModelConfig c = nn::load_model_config(pack.models.conditional.config);
        check_model_pair(u, c);
        if (const auto& sr = pack.models.super_resolution) {
            if (!std::filesystem::is_regular_file(sr->checkpoint))
                throw Error(sr->checkpoint.string() + ": no such model checkpoint");
            const nn::ModelConfig config = nn::load_model_config(sr->config);
            check_superres_model(config);
            check_superres_start(config, request.super_resolution.sampler);
            check_superres_fits(config, u.backbone.image_size);
        }
        num_classes = u.backbone.num_classes;
        if (num_classes) classes = assign_classes(request.classes, request.seeds, *num_classes);
        else if (request.classes.mode == ClassMode::List)
            throw Error(u.file + ": the models have no classes, but --classes was given");
    }

    const std::filesystem::path results = args.is_set("results") ? std::filesystem::path(args.get("results")) : "";
    if (!results.empty()) {
        require_distinct_outputs({{"--out", request.out}, {"--results", results}});
        require_results_folder(results);
    }

    std::optional<ShardSpec> shard;
    try {
        shard = args.is_set("shard") ? parse_shard(args.get("shard"), "generate") : shard_from_environment(std::getenv);
    } catch (const Error& e) {
        if (args.is_set("shard")) throw UsageError(std::string(e.what()));
        throw;
    }
    if (shard) {
        if (args.is_set("force")) throw UsageError("generate: --force does not go with a shard: complete scenes are kept, not replaced");
        ShardRunOptions options;
        options.quiet = args.is_set("quiet");
        options.json = args.is_set("json");
        options.num_classes = num_classes;
        options.results = results;
        return run_sharded_generation(request, *shard, options);
    }

    if (!results.empty() && !request.overwrite) require_no_results_images(results, request, classes);
    const int views = int(request.viewset.poses.size());
    const auto start = std::chrono::steady_clock::now();
    const InterruptGuard guard;  // Ctrl-C cancels the job, which then writes nothing
    const size_t batches = (request.seeds.size() + size_t(request.batch_size) - 1) / size_t(request.batch_size);
    JobProgress progress(request, request.seeds.size(), batches, args.is_set("quiet") || args.is_set("json"));
    GenerationJob job(request);
    const GenerationEvent last = progress.follow(job, guard);
    if (last.kind == GenerationEventKind::Cancelled) {
        std::fprintf(stderr, "\ngenerate: %s\n", last.message.c_str());
        return guard.exit_code();
    }
    if (last.kind == GenerationEventKind::Failed) throw Error(last.message);
    progress.finish();
    if (!results.empty())
        for (const Scene& scene : *last.scenes) write_results_images(scene, results);

    const double total_s = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const GenerationFigures& f = last.figures;
    nlohmann::json summary = {{"out", request.out.string()}, {"views", views}, {"seconds", total_s},
                              {"sample_s", f.sample_s}, {"aggregate_s", f.aggregate_s}, {"mesh_s", f.mesh_s},
                              {"super_resolution_s", f.upscale_s},
                              {"scenes", nlohmann::json::array()}};
    if (!results.empty()) summary["results"] = results.string();
    for (size_t i = 0; i < last.scenes->size(); ++i) {
        const Provenance& p = (*last.scenes)[i].provenance;
        summary["scenes"].push_back({{"seed", *p.seed}, {"dir", scene_output_dir(request, i).string()},
                                     {"class", p.class_label ? nlohmann::json(*p.class_label) : nlohmann::json()}});
    }
    if (args.is_set("json")) {
        std::printf("%s\n", summary.dump(2).c_str());
    } else if (!args.is_set("quiet")) {
        const Scene& first = last.scenes->front();
        std::string size = std::to_string(first.image_size) + "x" + std::to_string(first.image_size);
        if (first.base_image_size > 0) size += " (upsampled from " + std::to_string(first.base_image_size) + ")";
        std::printf("wrote %zu scene(s) of %d views of %s to %s in %.1f s (sampling %.1f s, aggregation %.1f s, "
                    "meshing %.1f s%s)\n",
                    last.scenes->size(), views, size.c_str(), request.out.string().c_str(), total_s, f.sample_s, f.aggregate_s,
                    f.mesh_s, f.upscale_s > 0 ? (", super-resolution " + seconds_text(f.upscale_s)).c_str() : "");
        if (!results.empty())
            std::printf("wrote %zu results image(s) to %s\n", last.scenes->size() * size_t(views), results.string().c_str());
    }
    return 0;
}

CommandRegistration reg("generate", "generate 3D scenes with IVID's two diffusion models", run_generate);

}  // namespace
}  // namespace ivid::cli

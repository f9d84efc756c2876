// ivid train uncond|cond|sr: train a diffusion model from single RGBD images (IVID's method: the
// conditional model learns from forward-backward warps of the same images, the super-resolution
// model from blurred low-res copies). Resumable; data-parallel over processes and machines.
#include <cstdio>
#include <cstdlib>
#include <iostream>

#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "app/cli/interrupt_guard.hpp"
#include "app/cli/local_workers.hpp"
#include "core/train/trainer.hpp"
#include "core/util/error.hpp"
#include "core/util/progress.hpp"

namespace ivid::cli {
namespace {

// IVID's launch flags, checked here so a bad value is a usage error naming the flag.
train::LaunchFlags launch_flags(const ArgParser& args) {
    train::LaunchFlags flags;
    for (const auto& [name, field] : {std::pair{"nproc-per-node", &flags.nproc_per_node}, {"num-nodes", &flags.num_nodes},
                                      {"node-rank", &flags.node_rank}, {"master-port", &flags.master_port}})
        if (args.is_set(name)) *field = args.get_int(name);
    if (args.is_set("master-addr")) flags.master_addr = args.get("master-addr");
    try {
        train::local_worker_launch(flags, 0);
    } catch (const Error& e) {
        throw UsageError(std::string("train: ") + e.what());
    }
    return flags;
}

int run_train(const std::vector<std::string>& argv) {
    ArgParser args("train",
                   "Train an unconditional (uncond), conditional (cond) or super-resolution (sr) RGBD diffusion\n"
                   "model with IVID's method.\n"
                   "The config is an IVID config file (backbone, framework, dataset, trainer blocks). Checkpoints\n"
                   "go to OUT/ckpts in IVID's state-dict format; --resume continues from OUT/latest.json, exactly\n"
                   "as if never interrupted. Ctrl-C writes a checkpoint, then stops.\n"
                   "Data-parallel (c10d over Gloo): under torchrun, or srun (Slurm), each process is a rank; or\n"
                   "--nproc-per-node N starts N ranks here (with --num-nodes/--node-rank/--master-addr on each\n"
                   "node of a multi-node run). The global batch is batch_size_per_gpu x ranks; rank 0 writes\n"
                   "the run folder.");
    args.positional("model", "uncond, cond or sr");
    args.option("data", "DIR", "RGBD image folder (images/ + depths/, e.g. from ivid synth-dataset)", "", true);
    args.option("config", "FILE", "model and training config (JSON)", "", true);
    args.option("out", "DIR", "run folder (checkpoints, log.csv, samples/)", "", true);
    args.flag("resume", "continue the run in --out from its last checkpoint");
    args.option("steps", "N", "stop after N steps in this invocation (checkpoint, resumable)");
    args.option("minutes", "M", "stop after M minutes in this invocation (checkpoint, resumable)");
    args.option("device", "NAME", "cpu or cuda[:N]", "cpu");
    args.option("threads", "N",
                "CPU threads (0 = every core this process may use: its affinity and cgroup quota; not the idle "
                "cores, as the other commands: the count must not change between resumes, or a resumed run "
                "would not be byte-identical)",
                "0");
    args.option("nproc-per-node", "N", "start N ranks on this node (as torchrun does)");
    args.option("num-nodes", "N", "machines in a multi-node run (IVID's --num_nodes)");
    args.option("node-rank", "I", "this machine's index in a multi-node run, 0..N-1");
    args.option("master-addr", "HOST", "host of rank 0, where the ranks meet (default: 127.0.0.1)");
    args.option("master-port", "PORT", "port of that rendezvous (default: 29500)");
    args.option("timeout", "S", "data-parallel: seconds a rank may wait for the others before the run stops", "600");
    args.flag("quiet", "no progress bar or messages");
    args.flag("json", "print a JSON summary on stdout");
    if (!args.parse(argv)) return 0;

    train::TrainingRun run;
    const std::string model = args.get("model");
    try {
        run.role = train::parse_model_role(model);
    } catch (const Error&) {
        throw UsageError("train: model: expected " + enum_choices(train::kModelRoleNames) + ", found \"" + model + "\"");
    }
    run.data = args.get("data");
    run.config = args.get("config");
    run.out = args.get("out");
    run.resume = args.is_set("resume");
    run.device = args.get("device");
    run.threads = args.get_int("threads");
    if (run.threads < 0) throw UsageError("train: --threads: expected >= 0, found " + args.get("threads"));
    if (args.is_set("steps")) {
        run.stop_after_steps = args.get_int("steps");
        if (*run.stop_after_steps < 1) throw UsageError("train: --steps: expected >= 1, found " + args.get("steps"));
    }
    if (args.is_set("minutes")) {
        run.stop_after_minutes = args.get_double("minutes");
        if (!(*run.stop_after_minutes > 0.0)) throw UsageError("train: --minutes: expected > 0, found " + args.get("minutes"));
    }
    const int timeout = args.get_int("timeout");
    if (timeout < 1) throw UsageError("train: --timeout: expected >= 1, found " + args.get("timeout"));
    run.collective_timeout = std::chrono::seconds(timeout);

    const InterruptGuard guard;
    const train::LaunchFlags flags = launch_flags(args);
    if (flags.nproc_per_node.value_or(1) > 1)
        return run_local_workers(argv, flags, guard, std::chrono::seconds(std::min(timeout, 30)));
    run.launch = train::resolve_launch(flags, [](const char* name) { return std::getenv(name); });
    const bool leader = run.launch.rank == 0;  // the other ranks report errors only
    const bool quiet = args.is_set("quiet") || !leader;

    std::unique_ptr<ProgressBar> loading, training;
    train::TrainingEvents events;
    events.stop = &guard.interrupted();
    events.on_message = [&](const std::string& text) {
        if (!quiet) std::fprintf(stderr, "ivid train: %s\n", text.c_str());
    };
    events.on_loading = [&](size_t done, size_t total) {
        if (!loading) loading = std::make_unique<ProgressBar>("load", int(total), quiet);
        loading->step();
        if (done == total) loading->finish();
    };
    double smoothed_loss = -1.0;
    events.on_step = [&](int64_t step, int64_t max_steps, double loss, double images_per_second) {
        if (!training) training = std::make_unique<ProgressBar>("train", int(max_steps), quiet, int(step - 1));
        smoothed_loss = smoothed_loss < 0.0 ? loss : 0.98 * smoothed_loss + 0.02 * loss;
        char status[96];
        std::snprintf(status, sizeof status, "loss %.4f | %.1f img/s", smoothed_loss, images_per_second);
        training->set_status(status);
        training->step();
    };
    const train::TrainingSummary summary = train::run_training(run, events);
    if (training) {
        if (summary.finished) training->finish();
        training.reset();
    }
    if (args.is_set("json") && leader) {
        const nlohmann::json doc = {{"first_step", summary.first_step},     {"last_step", summary.last_step},
                                    {"max_steps", summary.max_steps},       {"finished", summary.finished},
                                    {"seconds", summary.seconds},           {"train_seconds", summary.train_seconds},
                                    {"cpu_seconds", summary.cpu_seconds},
                                    {"images_seen", summary.images_seen},   {"loss", summary.last_loss},
                                    {"checkpoint", summary.checkpoint.string()}, {"ranks", summary.world_size}};
        std::cout << doc.dump(2) << "\n";
    } else if (!quiet) {
        std::printf("%s at step %lld of %lld (%.0f s this run, %.2f h in all, %.2f CPU hours, %lld images); EMA weights: %s\n",
                    summary.finished ? "finished" : "stopped", static_cast<long long>(summary.last_step),
                    static_cast<long long>(summary.max_steps), summary.seconds, summary.train_seconds / 3600.0, summary.cpu_seconds / 3600.0,
                    static_cast<long long>(summary.images_seen), summary.checkpoint.string().c_str());
    }
    if (guard.interrupted()) return guard.exit_code();
    return summary.interrupted ? 130 : 0;  // another rank was interrupted: stop as it did
}

const CommandRegistration registration("train", "train an RGBD diffusion model (uncond, cond or sr), resumable", run_train);

}  // namespace
}  // namespace ivid::cli

// ivid shards status: where a sharded generation stands - which seeds of a list have complete
// scenes in the output folder, which are missing, which a shard recorded as failed and why - and
// the command that completes them.
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "core/pipeline/shard_plan.hpp"

namespace ivid::cli {
namespace {

using namespace ivid::pipeline;

int run_shards(const std::vector<std::string>& argv) {
    ArgParser args("shards",
                   "Report on a sharded `ivid generate --shard I/N` run: complete, missing and failed seeds of\n"
                   "--seeds in --out, and the command that makes the missing ones. Exit code 0 when every\n"
                   "seed is complete, 1 when some are missing.");
    args.positional("action", "status");
    args.option("out", "DIR", "the folder the shards write into", "", true);
    args.option("seeds", "LIST", "the seeds of the whole run, e.g. 0-999", "", true);
    args.flag("json", "print the report as JSON");
    if (!args.parse(argv)) return 0;
    if (args.get("action") != "status") throw UsageError("shards: expected the action status, found '" + args.get("action") + "'");

    const std::string out = args.get("out");
    const ShardStatus status = shard_status(out, args.get_seed_list("seeds", 10000000));
    const std::string command = status.missing.empty()
                                    ? ""
                                    : "ivid generate <the run's model and sampler flags> --seeds " + seed_list_text(status.missing) +
                                          " --out " + out + " --shard 0/1";
    if (args.is_set("json")) {
        nlohmann::json failed = nlohmann::json::array();
        for (const auto& f : status.failed) failed.push_back({{"seed", f.seed}, {"error", f.error}});
        std::printf("%s\n", nlohmann::json({{"out", out}, {"complete", status.complete.size()}, {"missing", status.missing},
                                            {"failed", failed}, {"command", command}})
                                .dump(2)
                                .c_str());
    } else {
        std::printf("%zu complete, %zu missing (%zu failed)\n", status.complete.size(), status.missing.size(),
                    status.failed.size());
        if (!status.missing.empty()) std::printf("missing: %s\n", seed_list_text(status.missing).c_str());
        for (const auto& f : status.failed) std::printf("failed: seed %llu: %s\n", (unsigned long long)f.seed, f.error.c_str());
        if (!command.empty()) std::printf("complete them with:\n  %s\n", command.c_str());
    }
    return status.missing.empty() ? 0 : 1;
}

const CommandRegistration registration("shards", "status of a sharded generation: complete, missing and failed seeds",
                                       run_shards);

}  // namespace
}  // namespace ivid::cli

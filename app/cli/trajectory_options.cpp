#include "app/cli/trajectory_options.hpp"

#include <filesystem>

namespace ivid::cli {

void add_trajectory_options(ArgParser& args, const std::string& default_traj) {
    args.option("traj", "swing|orbit|random|FILE.json",
                "IVID's swing, a full orbit, IVID's random poses (yaw ~ N(0, 0.3), pitch ~ N(0, 0.15), clipped), or a keyframe path",
                default_traj);
    args.option("traj-seed", "S", "seed of --traj random (default: the scene's seed, else 0)");
    args.option("frames", "N", "number of frames", "120");
    args.option("radius", "R", "orbit radius for swing and orbit (1 = the viewset's distance)", "1");
    args.option("pitch", "RAD", "pitch of --traj orbit, radians", "0.1");
}

namespace {

// --traj: a named trajectory or a keyframes file.
void set_kind(TrajectorySpec& spec, const std::string& traj, const std::string& command) {
    if (traj == "swing" || traj == "orbit" || traj == "random") {
        spec.kind = parse_trajectory_kind(traj);
    } else if (std::filesystem::path(traj).extension() == ".json") {
        spec.kind = TrajectoryKind::Keyframes;
        spec.keyframes_file = traj;
    } else {
        throw UsageError(command + ": --traj: expected swing, orbit, random or a keyframes FILE.json, found '" + traj + "'");
    }
}

}  // namespace

TrajectorySpec trajectory_from_flags(const ArgParser& args, const std::string& command,
                                     const std::optional<TrajectorySpec>& base) {
    TrajectorySpec spec = base.value_or(TrajectorySpec{});
    const auto given = [&](const char* flag) { return !base || args.is_set(flag); };
    if (given("traj")) set_kind(spec, args.get("traj"), command);
    if (given("frames")) spec.frames = args.get_int("frames");
    if (given("radius")) spec.radius = float(args.get_double("radius"));
    if (given("pitch")) spec.orbit_pitch = float(args.get_double("pitch"));
    try {
        validate(spec, command);
    } catch (const Error& e) {
        throw UsageError(std::string(e.what()));
    }
    return spec;
}

uint64_t trajectory_seed(const ArgParser& args, const Scene& scene) {
    return args.is_set("traj-seed") ? args.get_seed("traj-seed") : scene.provenance.seed.value_or(0);
}

}  // namespace ivid::cli

#include "render/eval_automation.hpp"

#include <cmath>
#include <set>

#include "core/util/asset_paths.hpp"
#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"

namespace ivid {
namespace {

constexpr const char* kFormat = "ivid-eval-automation";
constexpr float kMaxAbsPitch = 1.5f;  // radians; the orbit camera's up vector degenerates at pi/2
constexpr double kMaxAbsYaw = 100.0;
constexpr float kMaxRadius = 100.0f;

// Angles are read as doubles (the poses are computed in double, then stored as float).
double pitch_at(const JsonAt& value) {
    const double pitch = value.number();
    if (!(std::abs(pitch) <= kMaxAbsPitch)) value.fail("|pitch| <= 1.5 rad", value.describe());
    return pitch;
}

double yaw_at(const JsonAt& value) {
    const double yaw = value.number();
    if (!(std::abs(yaw) <= kMaxAbsYaw)) value.fail("|yaw| <= 100 rad", value.describe());
    return yaw;
}

float radius_at(const JsonAt& object) {
    if (!object.has("radius")) return 1.0f;
    const JsonAt value = object["radius"];
    const float radius = value.finite_float();
    if (!(radius > 0.0f && radius <= kMaxRadius)) value.fail("a radius in (0, 100]", value.describe());
    return radius;
}

double spread(int i, int frames, double lo, double hi) {
    return frames == 1 ? 0.5 * (lo + hi) : lo + (hi - lo) * i / (frames - 1);
}

std::vector<OrbitPose> sweep_poses(const JsonAt& sweep, int frames) {
    reject_unknown_keys(sweep, {"yaw", "yaw_step", "pitch", "radius"}, "yaw, yaw_step, pitch, radius");
    const JsonAt yaw = sweep["yaw"];
    yaw.array_size(2);
    const double from = yaw_at(yaw[0]), to = yaw_at(yaw[1]);
    std::vector<float> pitches;
    const JsonAt pitch = sweep["pitch"];
    const size_t count = pitch.array_size();
    if (count < 1 || count > size_t(EvalAutomation::kMaxFrames)) pitch.fail("1..1000 pitches", pitch.describe());
    for (size_t k = 0; k < count; ++k) pitches.push_back(float(pitch_at(pitch[k])));
    double step = 0.0;
    if (sweep.has("yaw_step")) {
        step = sweep["yaw_step"].number();
        if (!(step >= 1e-3)) sweep["yaw_step"].fail("a step >= 0.001 rad", sweep["yaw_step"].describe());
    }
    const float radius = radius_at(sweep);
    std::vector<OrbitPose> poses;
    for (int i = 0; i < frames; ++i) {
        // Snapped in units of the step, so the poses land exactly on a grid of views.
        const double yaw_i = step > 0.0 ? step * std::round(spread(i, frames, from / step, to / step))
                                        : spread(i, frames, from, to);
        poses.push_back(OrbitPose{float(yaw_i), pitches[size_t(i) % pitches.size()], radius, glm::vec3(0.0f)});
    }
    return poses;
}

std::vector<OrbitPose> ellipse_poses(const JsonAt& ellipse, int frames) {
    reject_unknown_keys(ellipse, {"yaw", "pitch", "radius"}, "yaw, pitch, radius");
    const double yaw = yaw_at(ellipse["yaw"]), pitch = pitch_at(ellipse["pitch"]);
    const float radius = radius_at(ellipse);
    const double two_pi = 2.0 * std::acos(-1.0);
    std::vector<OrbitPose> poses;
    for (int i = 0; i < frames; ++i) {
        const double t = two_pi * i / frames;  // one period, no repeated end pose
        poses.push_back(OrbitPose{float(yaw * std::cos(t)), float(pitch * std::sin(t)), radius, glm::vec3(0.0f)});
    }
    return poses;
}

std::vector<OrbitPose> listed_poses(const JsonAt& list) {
    const size_t count = list.array_size();
    if (count < 1 || count > size_t(EvalAutomation::kMaxFrames)) list.fail("1..1000 poses", list.describe());
    std::vector<OrbitPose> poses;
    for (size_t i = 0; i < count; ++i) {
        const JsonAt pose = list[i];
        reject_unknown_keys(pose, {"yaw", "pitch", "radius"}, "yaw, pitch, radius");
        poses.push_back(
            OrbitPose{float(yaw_at(pose["yaw"])), float(pitch_at(pose["pitch"])), radius_at(pose), glm::vec3(0.0f)});
    }
    return poses;
}

std::vector<OrbitPose> keyframe_poses(const JsonAt& keyframes, const std::filesystem::path& automation_file,
                                      int frames) {
    std::filesystem::path file = keyframes.string();
    if (file.empty()) keyframes.fail("a keyframes file", "\"\"");
    if (file.is_relative()) file = automation_file.parent_path() / file;
    try {
        return trajectory_keyframes(load_keyframes(file), frames);
    } catch (const Error& e) {
        throw Error(keyframes.file() + ": " + keyframes.key() + ": " + e.what());
    }
}

EvalVariant read_variant(const JsonAt& at) {
    reject_unknown_keys(at, {"name", "settings"}, "name, settings");
    EvalVariant variant{at["name"].string(), at["settings"].object()};
    if (variant.name.empty()) at["name"].fail("a name", "\"\"");
    try {
        variant_settings(variant, FusionRenderSettings{});
    } catch (const Error& e) {
        throw Error(at.file() + ": " + at.key() + ".settings: " + e.what());
    }
    return variant;
}

EvalTrajectory read_trajectory(const JsonAt& at) {
    static const std::set<std::string> kGenerators = {"sweep", "ellipse", "poses", "keyframes"};
    reject_unknown_keys(at, {"name", "description", "sweep", "ellipse", "poses", "keyframes"},
                        "name, description and one of sweep, ellipse, poses, keyframes");
    EvalTrajectory trajectory{at.key(), at["name"].string(), at.has("description") ? at["description"].string() : "", {}};
    if (trajectory.name.empty()) at["name"].fail("a name", "\"\"");
    for (const std::string& generator : kGenerators)
        if (at.has(generator)) {
            if (!trajectory.generator.is_null()) at.fail("one of sweep, ellipse, poses, keyframes", "more than one");
            trajectory.generator = {{generator, at[generator].value()}};
        }
    if (trajectory.generator.is_null()) at.fail("one of sweep, ellipse, poses, keyframes", "none");
    return trajectory;
}

// Entries of a list with unique, non-empty names.
template <typename Entry, typename Read>
std::vector<Entry> read_named_list(const JsonAt& list, Read read) {
    const size_t count = list.array_size();
    if (count < 1 || count > size_t(EvalAutomation::kMaxEntries)) list.fail("1..64 entries", list.describe());
    std::vector<Entry> entries;
    std::set<std::string> names;
    for (size_t i = 0; i < count; ++i) {
        entries.push_back(read(list[i]));
        if (!names.insert(entries.back().name).second)
            list[i]["name"].fail("a name not used before", "\"" + entries.back().name + "\" again");
    }
    return entries;
}

}  // namespace

FusionRenderSettings variant_settings(const EvalVariant& variant, const FusionRenderSettings& base) {
    FusionRenderSettings settings = base;
    from_json(variant.settings, settings);
    return settings;
}

std::vector<OrbitPose> evaluation_poses(const EvalAutomation& automation, const EvalTrajectory& trajectory,
                                        int frames) {
    const JsonAt at(trajectory.generator, automation.file.string(), trajectory.key);
    if (at.has("sweep")) return sweep_poses(at["sweep"], frames);
    if (at.has("ellipse")) return ellipse_poses(at["ellipse"], frames);
    if (at.has("poses")) return listed_poses(at["poses"]);
    return keyframe_poses(at["keyframes"], automation.file, frames);
}

EvalAutomation load_eval_automation(const std::filesystem::path& file) {
    const nlohmann::json doc = parse_json_file(file);
    const JsonAt at(doc, file.string());
    reject_unknown_keys(at, {"format", "version", "frames", "variants", "trajectories"},
                        "format, version, frames, variants, trajectories");
    if (at["format"].string() != kFormat) at["format"].fail(std::string("\"") + kFormat + "\"", at["format"].describe());
    if (at["version"].integer() != 1) at["version"].fail("1", at["version"].describe());
    EvalAutomation automation;
    automation.file = file;
    if (at.has("frames")) {
        const int64_t frames = at["frames"].integer();
        if (frames < 1 || frames > EvalAutomation::kMaxFrames) at["frames"].fail("1..1000", std::to_string(frames));
        automation.frames = int(frames);
    }
    automation.variants = read_named_list<EvalVariant>(at["variants"], read_variant);
    automation.trajectories = read_named_list<EvalTrajectory>(at["trajectories"], read_trajectory);
    for (const EvalTrajectory& trajectory : automation.trajectories)
        evaluation_poses(automation, trajectory, automation.frames);  // every generator's values checked now
    return automation;
}

std::filesystem::path default_eval_automation_file() {
    const std::filesystem::path relative = "eval/free-view-3x9.json";
    if (const auto found = find_asset(relative)) return *found;
    throw Error("the bundled evaluation file assets/" + relative.string() +
                " was not found (set IVID_ASSETS_DIR to the assets folder)");
}

}  // namespace ivid

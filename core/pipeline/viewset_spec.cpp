#include "core/pipeline/viewset_spec.hpp"

#include <cmath>

#include "core/scene/scene.hpp"
#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"

namespace ivid::pipeline {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr int kMaxRingViews = 360;

float radians(double degrees) { return float(degrees * kPi / 180.0); }

std::string degrees_text(float radians_value) { return std::to_string(double(radians_value) * 180.0 / kPi); }

// Yaw difference folded into [0, pi].
double yaw_distance(float a, float b) {
    const double d = std::fmod(std::fabs(double(a) - double(b)), 2.0 * kPi);
    return std::min(d, 2.0 * kPi - d);
}

int parse_ring_count(const std::string& text) {
    const std::string count = text.substr(5);
    size_t used = 0;
    int n = 0;
    try {
        n = std::stoi(count, &used);
    } catch (const std::logic_error&) {
        used = 0;
    }
    if (used == 0 || used != count.size() || n < 1 || n > kMaxRingViews)
        throw Error::at("viewset", "ring:N", "N a whole number from 1 to " + std::to_string(kMaxRingViews),
                        "\"" + text + "\"");
    return n;
}

std::vector<OrbitPose> read_viewset_file(const std::string& file) {
    const nlohmann::json doc = parse_json_file(file);
    const JsonAt root(doc, file);
    const JsonAt list = root.value().is_object() ? root["views"] : root;
    if (!list.value().is_array()) list.fail("an array of {\"yaw\": degrees, \"pitch\": degrees}", list.describe());
    std::vector<OrbitPose> poses;
    for (size_t i = 0; i < list.array_size(); ++i) {
        const JsonAt entry = list[i];
        for (const auto& item : entry.object().items())
            if (item.key() != "yaw" && item.key() != "pitch")
                throw Error::at(file, entry.key() + "." + item.key(), "yaw or pitch (degrees)", "unknown key");
        // Non-finite angles are let through here so validate_viewset reports them with the rest.
        auto angle = [&](const char* name) {
            const JsonAt a = entry[name];
            if (!a.value().is_number()) a.fail("a number of degrees", a.describe());
            return radians(a.value().get<double>());
        };
        OrbitPose pose;
        pose.yaw = angle("yaw");
        pose.pitch = angle("pitch");
        poses.push_back(pose);
    }
    return poses;
}

}  // namespace

std::vector<OrbitPose> ViewsetSpec::poses_for_seed(uint64_t seed) const {
    return per_seed ? viewset_random(2, seed) : poses;
}

std::vector<OrbitPose> viewset_ring(int n) {
    if (n < 1 || n > kMaxRingViews)
        throw Error::at("viewset", "ring views", "1.." + std::to_string(kMaxRingViews), std::to_string(n));
    std::vector<OrbitPose> poses(static_cast<size_t>(n));
    for (int i = 0; i < n; ++i) poses[size_t(i)].yaw = float(2.0 * kPi * i / n);
    return poses;
}

void validate_viewset(const std::vector<OrbitPose>& poses, const std::string& source) {
    if (poses.empty()) throw Error::at(source, "views", "at least one pose", "none");
    // The cap also bounds the pairwise duplicate check below to 255²/2 comparisons.
    if (poses.size() > size_t(kMaxSceneViews))
        throw Error::at(source, "views", "at most " + std::to_string(kMaxSceneViews) + " poses (a scene's view limit)",
                        std::to_string(poses.size()) + " poses");
    for (size_t i = 0; i < poses.size(); ++i) {
        const OrbitPose& p = poses[i];
        const std::string key = "views[" + std::to_string(i) + "]";
        if (!std::isfinite(p.yaw) || !std::isfinite(p.pitch))
            throw Error::at(source, key, "finite yaw and pitch", "yaw " + degrees_text(p.yaw) + ", pitch " + degrees_text(p.pitch));
        if (std::fabs(p.pitch) > radians(kMaxPitchDeg))
            throw Error::at(source, key + ".pitch", "|pitch| <= " + std::to_string(int(kMaxPitchDeg)) + " degrees",
                            degrees_text(p.pitch) + " degrees");
        for (size_t j = 0; j < i; ++j)
            if (yaw_distance(p.yaw, poses[j].yaw) < kDuplicatePoseTolerance &&
                std::fabs(p.pitch - poses[j].pitch) < kDuplicatePoseTolerance)
                throw Error::at(source, key, "a pose different from every earlier one",
                                "the same pose as views[" + std::to_string(j) + "] (yaw " + degrees_text(p.yaw) +
                                    ", pitch " + degrees_text(p.pitch) + " degrees)");
    }
}

ViewsetSpec parse_viewset(const std::string& text) {
    ViewsetSpec spec;
    spec.text = text;
    std::string source = "viewset \"" + text + "\"";
    if (text == "3x9") {
        spec.poses = viewset_3x9();
    } else if (text == "random") {
        spec.per_seed = true;
        spec.poses = viewset_random(2, 0);
    } else if (text.rfind("ring:", 0) == 0) {
        spec.poses = viewset_ring(parse_ring_count(text));
    } else if (text.size() > 5 && text.compare(text.size() - 5, 5, ".json") == 0) {
        spec.poses = read_viewset_file(text);
        source = text;
    } else {
        throw Error::at("viewset", "name", "3x9, random, ring:N or a .json file", "\"" + text + "\"");
    }
    validate_viewset(spec.poses, source);
    return spec;
}

}  // namespace ivid::pipeline

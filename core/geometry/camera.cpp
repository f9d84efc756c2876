#include "core/geometry/camera.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <random>

#include <glm/gtc/matrix_transform.hpp>
#include <nlohmann/json.hpp>

#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"

namespace ivid {

namespace {

constexpr double kPi = 3.14159265358979323846;

OrbitPose front_pose(double yaw, double pitch) {
    OrbitPose pose;
    pose.yaw = static_cast<float>(yaw);
    pose.pitch = static_cast<float>(pitch);
    return pose;
}

// One standard normal deviate from two uniform draws (Box-Muller). Written out instead of
// std::normal_distribution, whose algorithm differs between standard libraries: a seed must
// give the same viewset everywhere.
double standard_normal(std::mt19937_64& rng) {
    const double scale = 1.0 / 18446744073709551616.0;  // 2^-64
    const double u1 = (static_cast<double>(rng()) + 1.0) * scale;  // (0, 1]: log stays finite
    const double u2 = static_cast<double>(rng()) * scale;
    return std::sqrt(-2.0 * std::log(u1)) * std::cos(2.0 * kPi * u2);
}

}  // namespace

glm::mat4 look_at(const glm::vec3& eye, const glm::vec3& center, const glm::vec3& up) {
    return glm::lookAtRH(eye, center, up);
}

glm::mat4 perspective(float fov_deg, float aspect, float near, float far) {
    return glm::perspectiveRH_NO(glm::radians(fov_deg), aspect, near, far);
}

glm::vec3 orbit_eye(const OrbitPose& pose) {
    // IVID evaluates the eye in float64 (numpy) and rounds it to float once (glm.vec3).
    const double yaw = pose.yaw, pitch = pose.pitch, radius = pose.radius;
    const glm::dvec3 offset(std::sin(yaw) * std::cos(pitch), std::sin(pitch),
                            std::cos(yaw) * std::cos(pitch));
    return glm::vec3(glm::dvec3(pose.target) + radius * offset);
}

glm::mat4 orbit_modelview(const OrbitPose& pose) {
    return look_at(orbit_eye(pose), pose.target, glm::vec3(0.0f, 1.0f, 0.0f));
}

glm::vec3 camera_center(const glm::mat4& modelview) {
    return glm::vec3(glm::inverse(modelview)[3]);
}

std::vector<OrbitPose> viewset_3x9() {
    const double yaws[] = {0.0, 0.15, -0.15, 0.3, -0.3, 0.45, -0.45, 0.6, -0.6};
    const double pitches[] = {0.0, 0.15, -0.15};
    std::vector<OrbitPose> poses;
    for (double yaw : yaws)
        for (double pitch : pitches) poses.push_back(front_pose(yaw, pitch));
    return poses;
}

std::vector<OrbitPose> viewset_random(int count, uint64_t seed, double max_abs_pitch) {
    if (count < 1) throw Error::at("viewset_random", "count", "at least 1", std::to_string(count));
    std::mt19937_64 rng(seed);
    std::vector<OrbitPose> poses{front_pose(0.0, 0.0)};
    while (static_cast<int>(poses.size()) < count) {
        const double yaw = 0.3 * standard_normal(rng);
        const double pitch = 0.15 * standard_normal(rng);
        if (std::fabs(pitch) <= max_abs_pitch) poses.push_back(front_pose(yaw, pitch));
    }
    return poses;
}

std::vector<OrbitPose> viewset_by_name(const std::string& name, uint64_t seed) {
    if (name == "3x9") return viewset_3x9();
    // IVID's random viewset is one front view plus one random view per sample.
    if (name == "random") return viewset_random(2, seed);
    throw Error::at("viewset", "name", "\"3x9\" or \"random\"", "\"" + name + "\"");
}

std::vector<OrbitPose> trajectory_swing(int frames) {
    if (frames < 1) throw Error::at("trajectory_swing", "frames", "at least 1", std::to_string(frames));
    // np.linspace(0, 2pi, frames): t_i = i * step, the last sample set to exactly 2pi.
    const double step = frames > 1 ? 2.0 * kPi / (frames - 1) : 0.0;
    std::vector<OrbitPose> poses;
    for (int i = 0; i < frames; ++i) {
        const double t = (i == frames - 1 && frames > 1) ? 2.0 * kPi : i * step;
        poses.push_back(front_pose(0.6 * std::cos(t), 0.15 * std::sin(t)));
    }
    return poses;
}

std::vector<OrbitPose> trajectory_random(int frames, uint64_t seed) {
    if (frames < 1) throw Error::at("trajectory_random", "frames", "at least 1", std::to_string(frames));
    std::mt19937_64 rng(seed);
    std::vector<OrbitPose> poses;
    for (int i = 0; i < frames; ++i) {
        const double yaw = std::clamp(0.3 * standard_normal(rng), -0.6, 0.6);
        const double pitch = std::clamp(0.15 * standard_normal(rng), -0.15, 0.15);
        poses.push_back(front_pose(yaw, pitch));
    }
    return poses;
}

std::vector<OrbitPose> trajectory_orbit(int frames, float pitch) {
    if (frames < 1) throw Error::at("trajectory_orbit", "frames", "at least 1", std::to_string(frames));
    std::vector<OrbitPose> poses;
    for (int i = 0; i < frames; ++i) poses.push_back(front_pose(2.0 * kPi * i / frames, pitch));
    return poses;
}

namespace {

// The orbit parameters that are interpolated, as one vector: yaw, pitch, radius, target xyz.
using PoseVector = std::array<double, 6>;

PoseVector to_vector(const OrbitPose& p) {
    return {p.yaw, p.pitch, p.radius, p.target.x, p.target.y, p.target.z};
}

OrbitPose from_vector(const PoseVector& v) {
    OrbitPose p;
    p.yaw = static_cast<float>(v[0]);
    p.pitch = static_cast<float>(v[1]);
    p.radius = static_cast<float>(v[2]);
    p.target = glm::vec3(glm::dvec3(v[3], v[4], v[5]));
    return p;
}

void validate_path(const KeyframePath& path, const std::string& where) {
    if (path.keys.empty()) throw Error::at(where, "keyframes", "at least one keyframe", "none");
    for (size_t i = 0; i < path.keys.size(); ++i) {
        const Keyframe& k = path.keys[i];
        const std::string key = "keyframes[" + std::to_string(i) + "]";
        if (!std::isfinite(k.time) || !std::isfinite(k.pose.yaw) || !std::isfinite(k.pose.pitch) ||
            !std::isfinite(k.pose.radius) || !std::isfinite(k.pose.target.x) ||
            !std::isfinite(k.pose.target.y) || !std::isfinite(k.pose.target.z))
            throw Error::at(where, key, "finite numbers", "NaN or infinity");
        if (!(k.pose.radius > 0.0f))
            throw Error::at(where, key + ".radius", "a positive number", std::to_string(k.pose.radius));
        if (i > 0 && !(k.time > path.keys[i - 1].time))
            throw Error::at(where, key + ".time",
                            "a time greater than keyframes[" + std::to_string(i - 1) + "].time (" +
                                std::to_string(path.keys[i - 1].time) + ")",
                            std::to_string(k.time));
    }
}

// Slope of the path at key i: centred difference over the neighbouring keys (one-sided at the
// ends), divided by their time span, so uneven key spacing does not overshoot.
PoseVector key_slope(const KeyframePath& path, size_t i) {
    const size_t lo = i == 0 ? 0 : i - 1;
    const size_t hi = i + 1 == path.keys.size() ? i : i + 1;
    const PoseVector a = to_vector(path.keys[lo].pose), b = to_vector(path.keys[hi].pose);
    const double dt = double(path.keys[hi].time) - path.keys[lo].time;
    PoseVector slope{};
    for (size_t c = 0; c < slope.size(); ++c) slope[c] = dt > 0.0 ? (b[c] - a[c]) / dt : 0.0;
    return slope;
}

OrbitPose sample_path(const KeyframePath& path, double time) {
    const auto& keys = path.keys;
    if (time <= keys.front().time) return keys.front().pose;
    if (time >= keys.back().time) return keys.back().pose;
    size_t i = 0;
    while (keys[i + 1].time < time) ++i;
    const double t0 = keys[i].time, h = double(keys[i + 1].time) - t0;
    const double s = (time - t0) / h;
    const PoseVector p0 = to_vector(keys[i].pose), p1 = to_vector(keys[i + 1].pose);
    const PoseVector m0 = key_slope(path, i), m1 = key_slope(path, i + 1);
    // Cubic Hermite basis.
    const double s2 = s * s, s3 = s2 * s;
    const double h00 = 2 * s3 - 3 * s2 + 1, h10 = s3 - 2 * s2 + s;
    const double h01 = -2 * s3 + 3 * s2, h11 = s3 - s2;
    PoseVector out{};
    for (size_t c = 0; c < out.size(); ++c)
        out[c] = h00 * p0[c] + h10 * h * m0[c] + h01 * p1[c] + h11 * h * m1[c];
    return from_vector(out);
}

}  // namespace

std::vector<OrbitPose> trajectory_keyframes(const KeyframePath& path, int frames) {
    validate_path(path, "keyframe path");
    if (frames < 1) throw Error::at("trajectory_keyframes", "frames", "at least 1", std::to_string(frames));
    const double start = path.keys.front().time, end = path.keys.back().time;
    std::vector<OrbitPose> poses;
    for (int f = 0; f < frames; ++f) {
        const double t = frames > 1 ? start + (end - start) * f / (frames - 1) : start;
        poses.push_back(sample_path(path, t));
    }
    return poses;
}

void save_keyframes(const KeyframePath& path, const std::filesystem::path& file) {
    validate_path(path, file.string());
    nlohmann::json keys = nlohmann::json::array();
    for (const Keyframe& k : path.keys) {
        keys.push_back({{"time", k.time},
                        {"yaw", k.pose.yaw},
                        {"pitch", k.pose.pitch},
                        {"radius", k.pose.radius},
                        {"target", {k.pose.target.x, k.pose.target.y, k.pose.target.z}}});
    }
    const nlohmann::json doc = {{"format", "ivid-keyframes"}, {"version", 1}, {"keyframes", keys}};
    write_text_atomically(file, doc.dump(2) + "\n");
}

namespace {

float number_at(const nlohmann::json& obj, const std::string& name, const std::string& file,
                const std::string& key) {
    if (!obj.contains(name)) throw Error::at(file, key + "." + name, "a number", "missing");
    return JsonAt(obj[name], file, key + "." + name).finite_float();  // 1e300: "within float32 range"
}

}  // namespace

KeyframePath load_keyframes(const std::filesystem::path& file) {
    const std::string name = file.string();
    const nlohmann::json doc = parse_json_file(file);
    if (!doc.is_object()) throw Error::at(name, "", "a JSON object", doc.type_name());
    if (!doc.contains("format") || doc["format"] != "ivid-keyframes")  // any JSON type compares
        throw Error::at(name, "format", "\"ivid-keyframes\"",
                        doc.contains("format") ? doc["format"].dump() : "missing");
    if (!doc.contains("version") || doc["version"] != 1)
        throw Error::at(name, "version", "1", doc.contains("version") ? doc["version"].dump() : "missing");
    if (!doc.contains("keyframes") || !doc["keyframes"].is_array())
        throw Error::at(name, "keyframes", "an array",
                        doc.contains("keyframes") ? doc["keyframes"].type_name() : "missing");
    KeyframePath path;
    const auto& keys = doc["keyframes"];
    for (size_t i = 0; i < keys.size(); ++i) {
        const std::string key = "keyframes[" + std::to_string(i) + "]";
        const auto& k = keys[i];
        if (!k.is_object()) throw Error::at(name, key, "an object", k.type_name());
        Keyframe frame;
        frame.time = number_at(k, "time", name, key);
        frame.pose.yaw = number_at(k, "yaw", name, key);
        frame.pose.pitch = number_at(k, "pitch", name, key);
        frame.pose.radius = number_at(k, "radius", name, key);
        if (!k.contains("target")) throw Error::at(name, key + ".target", "[x, y, z]", "missing");
        const auto& t = k["target"];
        if (!t.is_array() || t.size() != 3 || !t[0].is_number() || !t[1].is_number() || !t[2].is_number())
            throw Error::at(name, key + ".target", "[x, y, z] numbers", t.dump());
        frame.pose.target = glm::vec3(t[0].get<float>(), t[1].get<float>(), t[2].get<float>());
        path.keys.push_back(frame);
    }
    validate_path(path, name);
    return path;
}

}  // namespace ivid

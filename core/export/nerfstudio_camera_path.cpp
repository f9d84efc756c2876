#include "core/export/nerfstudio_camera_path.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "core/export/export_conventions.hpp"
#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"

namespace ivid {

namespace {

constexpr double kRollTolerance = 1e-4;

void validate_format(const CameraPathFormat& f, const std::string& source) {
    if (!(f.fov_deg > 0.0 && f.fov_deg < 180.0))
        throw Error::at(source, "fov", "degrees in (0, 180)", std::to_string(f.fov_deg));
    if (f.width < 1 || f.height < 1 || f.width > 16384 || f.height > 16384)
        throw Error::at(source, "render size", "1..16384 pixels a side",
                        std::to_string(f.width) + "x" + std::to_string(f.height));
    if (!(f.fps > 0.0 && f.fps <= 1000.0)) throw Error::at(source, "fps", "in (0, 1000]", std::to_string(f.fps));
}

nlohmann::json camera_json(const OrbitPose& pose, const CameraPathFormat& format, const char* matrix_key) {
    return {{matrix_key, row_major_json(camera_to_world(orbit_modelview(pose)))},
            {"fov", format.fov_deg},
            {"aspect", double(format.width) / format.height}};
}

glm::dmat4 matrix_from_json(const JsonAt& at) {
    // Viewers before nerfstudio 0.3 wrote the list as a JSON string.
    nlohmann::json parsed;
    const bool text = at.value().is_string();
    if (text) parsed = parse_json_text(at.string(), at.file() + ": " + at.key());
    const JsonAt values = text ? JsonAt(parsed, at.file(), at.key()) : at;
    values.array_size(16);
    glm::dmat4 m(1.0);
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) m[c][r] = values[size_t(r * 4 + c)].number();
    const glm::dvec4 last_row(m[0][3], m[1][3], m[2][3], m[3][3]);
    if (glm::length(last_row - glm::dvec4(0, 0, 0, 1)) > 1e-6)
        at.fail("a rigid camera-to-world matrix (last row 0 0 0 1)", at.describe());
    return m;
}

double positive(const JsonAt& at) {
    const double v = at.number();
    if (!(v > 0.0)) at.fail("a positive number", at.describe());
    return v;
}

CameraPathFormat format_from_json(const JsonAt& doc, const JsonAt& first_camera) {
    CameraPathFormat f;
    f.width = int(doc["render_width"].number());
    f.height = int(doc["render_height"].number());
    f.fps = doc.has("fps") ? positive(doc["fps"]) : 24.0;
    f.fov_deg = doc.has("default_fov") ? doc["default_fov"].number() : first_camera["fov"].number();
    validate_format(f, doc.file());
    return f;
}

}  // namespace

nlohmann::json row_major_json(const glm::dmat4& m) {
    nlohmann::json out = nlohmann::json::array();
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) out.push_back(m[c][r]);
    return out;
}

int camera_path_frames(const KeyframePath& path, double fps) {
    const double duration = double(path.keys.back().time) - path.keys.front().time;
    return int(std::lround(duration * fps)) + 1;
}

nlohmann::json nerfstudio_camera_path(const KeyframePath& path, const CameraPathFormat& format, int frames) {
    validate_format(format, "camera path");
    if (frames < 1) throw Error::at("camera path", "frames", "at least 1", std::to_string(frames));
    const std::vector<OrbitPose> poses = trajectory_keyframes(path, frames);  // validates the path
    nlohmann::json keyframes = nlohmann::json::array();
    for (size_t k = 0; k < path.keys.size(); ++k) {
        nlohmann::json key = camera_json(path.keys[k].pose, format, "matrix");
        const bool last = k + 1 == path.keys.size();
        key["override_transition_enabled"] = !last;
        key["override_transition_sec"] = last ? nlohmann::json(nullptr)
                                              : nlohmann::json(double(path.keys[k + 1].time) - path.keys[k].time);
        keyframes.push_back(key);
    }
    nlohmann::json camera_path = nlohmann::json::array();
    for (const OrbitPose& pose : poses) camera_path.push_back(camera_json(pose, format, "camera_to_world"));
    const double duration = double(path.keys.back().time) - path.keys.front().time;
    return {{"camera_type", "perspective"},
            {"render_width", format.width},
            {"render_height", format.height},
            {"fps", format.fps},
            {"seconds", frames / format.fps},
            {"default_fov", format.fov_deg},
            {"default_transition_sec", path.keys.size() > 1 ? duration / double(path.keys.size() - 1) : 1.0},
            {"is_cycle", false},
            {"smoothness_value", 0.5},
            {"keyframes", keyframes},
            {"camera_path", camera_path}};
}

OrbitPose orbit_pose_from_camera_to_world(const glm::dmat4& c2w, const std::string& what) {
    const glm::dvec3 x = glm::normalize(glm::dvec3(c2w[0])), y = glm::normalize(glm::dvec3(c2w[1]));
    const glm::dvec3 forward = -glm::normalize(glm::dvec3(c2w[2]));
    const glm::dvec3 eye(c2w[3]);
    if (std::abs(forward.y) > 0.9999)
        throw Error::at(what, "camera", "a camera that does not look straight up or down", "one that does");
    if (std::abs(x.y) > kRollTolerance || y.y <= 0.0)
        throw Error::at(what, "camera", "no roll (the studio's cameras keep +y up)",
                        "a camera rolled by " + std::to_string(std::asin(std::min(1.0, std::abs(x.y))) * 180.0 / M_PI) +
                            " degrees" + (y.y <= 0.0 ? " and upside down" : ""));
    // The target is the ray's point closest to the world origin (one unit ahead if that is behind).
    double distance = -glm::dot(eye, forward);
    if (distance < 1e-3) distance = 1.0;
    const glm::dvec3 target = eye + distance * forward;
    const glm::dvec3 back = -forward;
    OrbitPose pose;
    pose.yaw = float(std::atan2(back.x, back.z));
    pose.pitch = float(std::asin(std::clamp(back.y, -1.0, 1.0)));
    pose.radius = float(distance);
    pose.target = glm::vec3(target);
    return pose;
}

ImportedCameraPath import_nerfstudio_camera_path(const nlohmann::json& json, const std::string& source,
                                                 CameraPathImport what) {
    const JsonAt doc(json, source);
    doc.object();
    if (doc.has("camera_type") && doc["camera_type"].string() != "perspective")
        doc["camera_type"].fail("\"perspective\" (the studio renders pinhole cameras)", doc["camera_type"].describe());
    const bool use_keys = what == CameraPathImport::Keyframes;
    const JsonAt cameras = doc[use_keys ? "keyframes" : "camera_path"];
    const size_t count = cameras.array_size();
    if (count == 0) cameras.fail("at least one camera", "an empty list");
    ImportedCameraPath out;
    out.format = format_from_json(doc, cameras[0]);
    out.frames = int(doc.has("camera_path") ? doc["camera_path"].array_size() : 0);
    const double default_transition = doc.has("default_transition_sec") ? positive(doc["default_transition_sec"]) : 1.0;
    double time = 0.0;
    for (size_t k = 0; k < count; ++k) {
        const JsonAt camera = cameras[k];
        Keyframe key;
        key.time = float(time);
        key.pose = orbit_pose_from_camera_to_world(matrix_from_json(camera[use_keys ? "matrix" : "camera_to_world"]),
                                                   source + ": " + camera.key());
        if (camera.has("fov") && std::abs(camera["fov"].number() - out.format.fov_deg) > 1e-3) out.fov_varies = true;
        out.path.keys.push_back(key);
        if (!use_keys) {
            time = double(k + 1) / out.format.fps;
        } else {
            const bool custom = camera.has("override_transition_enabled") && camera["override_transition_enabled"].value().is_boolean() &&
                                camera["override_transition_enabled"].boolean();
            time += custom ? positive(camera["override_transition_sec"]) : default_transition;
        }
    }
    if (use_keys && doc.has("is_cycle") && doc["is_cycle"].boolean() && count > 1) {
        Keyframe back_to_start = out.path.keys.front();
        back_to_start.time = float(time);
        out.path.keys.push_back(back_to_start);
    }
    return out;
}

}  // namespace ivid

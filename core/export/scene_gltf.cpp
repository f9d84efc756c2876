#include "core/export/scene_gltf.hpp"

#include <cmath>
#include <cstdio>

#include <glm/gtc/quaternion.hpp>

#include "core/export/export_conventions.hpp"
#include "core/export/glb_builder.hpp"
#include "core/export/view_surface.hpp"
#include "core/util/error.hpp"

namespace ivid {

namespace {

std::string numbered(const char* prefix, int index) {
    char name[32];
    std::snprintf(name, sizeof(name), "%s_%03d", prefix, index);
    return name;
}

int add_unlit_material(GlbBuilder& glb) {
    glb.document()["extensionsUsed"] = {"KHR_materials_unlit"};
    return glb.append("materials", {{"name", "vertex colour (unlit)"},
                                    {"pbrMetallicRoughness",
                                     {{"baseColorFactor", {1.0, 1.0, 1.0, 1.0}}, {"metallicFactor", 0.0}, {"roughnessFactor", 1.0}}},
                                    {"doubleSided", true},
                                    {"extensions", {{"KHR_materials_unlit", nlohmann::json::object()}}}});
}

// Concatenates surfaces into one (indices shifted), for the merged mesh.
ViewSurface merged(const std::vector<ViewSurface>& surfaces) {
    ViewSurface all;
    for (const ViewSurface& s : surfaces) {
        const auto offset = uint32_t(all.positions.size());
        all.positions.insert(all.positions.end(), s.positions.begin(), s.positions.end());
        all.normals.insert(all.normals.end(), s.normals.begin(), s.normals.end());
        all.colors.insert(all.colors.end(), s.colors.begin(), s.colors.end());
        for (const glm::uvec3& f : s.faces) all.faces.push_back(f + glm::uvec3(offset));
    }
    return all;
}

int add_mesh(GlbBuilder& glb, const ViewSurface& s, int material, const std::string& name, GltfExportSummary& summary) {
    std::vector<glm::vec3> linear(s.colors.size());
    for (size_t i = 0; i < s.colors.size(); ++i)
        linear[i] = glm::vec3(srgb_to_linear(s.colors[i].r), srgb_to_linear(s.colors[i].g), srgb_to_linear(s.colors[i].b));
    const nlohmann::json attributes = {{"POSITION", glb.add_positions(s.positions)},
                                       {"NORMAL", glb.add_vec3(s.normals)},
                                       {"COLOR_0", glb.add_vec3(linear)}};
    const nlohmann::json primitive = {{"attributes", attributes}, {"indices", glb.add_indices(s.faces)}, {"material", material}};
    for (const glm::vec3& p : s.positions) {
        summary.min = summary.vertices == 0 ? p : glm::min(summary.min, p);
        summary.max = summary.vertices == 0 ? p : glm::max(summary.max, p);
        ++summary.vertices;
    }
    summary.triangles += s.faces.size();
    ++summary.meshes;
    return glb.append("meshes", {{"name", name}, {"primitives", {primitive}}});
}

nlohmann::json vec_json(const glm::vec3& v) { return {v.x, v.y, v.z}; }
nlohmann::json quat_json(const glm::quat& q) { return {q.x, q.y, q.z, q.w}; }  // glTF: x y z w

// A camera pose as glTF TRS: the camera-to-world matrix's translation and rotation.
struct CameraTrs {
    glm::vec3 translation;
    glm::quat rotation;
};

CameraTrs camera_trs(const glm::mat4& modelview) {
    const glm::dmat4 c2w = camera_to_world(modelview);
    return {glm::vec3(c2w[3]), glm::normalize(glm::quat(glm::mat3(c2w)))};
}

int add_camera(GlbBuilder& glb, const Scene& scene, const std::string& name) {
    return glb.append("cameras", {{"name", name},
                                  {"type", "perspective"},
                                  {"perspective",
                                   {{"yfov", scene.fov_deg * M_PI / 180.0}, {"aspectRatio", 1.0}, {"znear", 0.01}, {"zfar", 100.0}}}});
}

// The trajectory camera node, animated by one key per pose.
void add_trajectory(GlbBuilder& glb, const Scene& scene, const GltfExportSettings& settings, nlohmann::json& scene_nodes,
                    GltfExportSummary& summary) {
    if (!(settings.fps > 0.0f) || !std::isfinite(settings.fps))
        throw Error::at("glTF export", "fps", "a positive number", std::to_string(settings.fps));
    std::vector<float> times;
    std::vector<glm::vec3> translations;
    std::vector<glm::vec4> rotations;
    for (size_t k = 0; k < settings.trajectory.size(); ++k) {
        CameraTrs trs = camera_trs(orbit_modelview(settings.trajectory[k]));
        // Neighbouring keys on the same hemisphere of quaternion space, so interpolation takes the short way.
        if (!rotations.empty() && glm::dot(glm::vec4(trs.rotation.x, trs.rotation.y, trs.rotation.z, trs.rotation.w), rotations.back()) < 0.0f)
            trs.rotation = -trs.rotation;
        times.push_back(float(k) / settings.fps);
        translations.push_back(trs.translation);
        rotations.emplace_back(trs.rotation.x, trs.rotation.y, trs.rotation.z, trs.rotation.w);
    }
    const int camera = add_camera(glb, scene, "trajectory");
    const int node = glb.append("nodes", {{"name", "trajectory camera"},
                                          {"camera", camera},
                                          {"translation", vec_json(translations[0])},
                                          {"rotation", {rotations[0].x, rotations[0].y, rotations[0].z, rotations[0].w}}});
    scene_nodes.push_back(node);
    const int input = glb.add_animation_times(times);
    const int translation_out = glb.add_animation_vec3(translations);
    const int rotation_out = glb.add_animation_vec4(rotations);
    glb.append("animations", {{"name", "trajectory"},
                              {"samplers",
                               {{{"input", input}, {"output", translation_out}, {"interpolation", "LINEAR"}},
                                {{"input", input}, {"output", rotation_out}, {"interpolation", "LINEAR"}}}},
                              {"channels",
                               {{{"sampler", 0}, {"target", {{"node", node}, {"path", "translation"}}}},
                                {{"sampler", 1}, {"target", {{"node", node}, {"path", "rotation"}}}}}}});
    ++summary.cameras;
    summary.animation_keys = int(times.size());
}

}  // namespace

std::string scene_glb(const Scene& scene, const GltfExportSettings& settings, GltfExportSummary* summary_out) {
    const std::vector<ViewSurface> surfaces = scene_surfaces(scene, settings.meshing);
    if (face_count(surfaces) == 0) throw Error("glTF export: the scene's views have no surface left after the depth-edge cuts");
    GlbBuilder glb;
    GltfExportSummary summary;
    nlohmann::json scene_nodes = nlohmann::json::array();
    const int material = add_unlit_material(glb);
    if (settings.merge_views) {
        const int mesh = add_mesh(glb, merged(surfaces), material, "views", summary);
        scene_nodes.push_back(glb.append("nodes", {{"name", "views"}, {"mesh", mesh}}));
    } else {
        for (const ViewSurface& s : surfaces) {
            if (s.faces.empty()) continue;
            const int mesh = add_mesh(glb, s, material, numbered("view", s.view), summary);
            scene_nodes.push_back(glb.append("nodes", {{"name", numbered("view", s.view)}, {"mesh", mesh}}));
        }
    }
    if (settings.cameras)
        for (int v = 0; v < int(scene.views.size()); ++v) {
            const CameraTrs trs = camera_trs(scene.views[size_t(v)].modelview);
            const int camera = add_camera(glb, scene, numbered("camera", v));
            scene_nodes.push_back(glb.append("nodes", {{"name", numbered("camera", v)},
                                                       {"camera", camera},
                                                       {"translation", vec_json(trs.translation)},
                                                       {"rotation", quat_json(trs.rotation)}}));
            ++summary.cameras;
        }
    if (!settings.trajectory.empty()) add_trajectory(glb, scene, settings, scene_nodes, summary);
    glb.document()["scenes"] = nlohmann::json::array({{{"name", "ivid scene"}, {"nodes", scene_nodes}}});
    glb.document()["scene"] = 0;
    if (summary_out) *summary_out = summary;
    return glb.bytes();
}

}  // namespace ivid

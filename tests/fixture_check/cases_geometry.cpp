// fixture-check runners for the geometry cases: "depth_to_mesh" and "camera matrices".
// Everything (variants, sizes, tolerances, near/far, frame counts) comes from the manifest, so
// another fixture set of the same schema runs without code changes.
#include <algorithm>
#include <cmath>
#include <map>
#include <regex>

#include "core/geometry/camera.hpp"
#include "core/geometry/depth.hpp"
#include "core/geometry/rgbd_mesh.hpp"
#include "core/util/error.hpp"
#include "tests/fixture_check/fixture_check.hpp"

namespace ivid::fixture {
namespace {

using nlohmann::json;

const json& case_named(const FixtureSet& set, const std::string& name) {
    for (const auto& c : set.manifest()["cases"])
        if (c.value("name", "") == name) return c;
    throw Error::at("manifest.json", "cases", "a case named '" + name + "'", "none");
}

template <typename T>
T param(const json& params, const std::string& key) {
    if (!params.contains(key)) throw Error::at("manifest.json", "params." + key, "a value", "missing");
    return params[key].get<T>();
}

std::optional<float> optional_param(const json& params, const std::string& key) {
    if (!params.contains(key) || params[key].is_null()) return std::nullopt;
    return params[key].get<float>();
}

// Largest |ours - reference| over a float array; a shape mismatch counts as infinite.
double max_abs_error(const NpyArray& ref, const std::vector<float>& ours) {
    const auto values = ref.as_double();
    if (values.size() != ours.size()) return INFINITY;
    double worst = 0.0;
    for (size_t i = 0; i < values.size(); ++i) worst = std::max(worst, std::fabs(values[i] - ours[i]));
    return worst;
}

template <typename V>
std::vector<float> flatten(const std::vector<V>& vectors) {
    std::vector<float> out;
    out.reserve(vectors.size() * V::length());
    for (const V& v : vectors)
        for (int k = 0; k < V::length(); ++k) out.push_back(v[k]);
    return out;
}

// Number of rows (of `width` ints) that differ; a shape mismatch counts every row.
long long differing_rows(const NpyArray& ref, const std::vector<int64_t>& ours, size_t width) {
    const auto values = ref.as_int();
    if (values.size() != ours.size()) return (long long)(std::max(values.size(), ours.size()) / width);
    long long rows = 0;
    for (size_t i = 0; i < values.size(); i += width)
        rows += !std::equal(values.begin() + i, values.begin() + i + width, ours.begin() + i);
    return rows;
}

// "padding='frustum'", "padding=None" or "padding=<int> ..." (the manifest's variant text).
void parse_padding(const std::string& variant, const std::string& text, MeshOptions& options) {
    std::smatch m;
    if (text.rfind("padding='frustum'", 0) == 0) {
        options.padding = PaddingMode::Frustum;
    } else if (text.rfind("padding=None", 0) == 0) {
        options.padding = PaddingMode::None;
    } else if (std::regex_search(text, m, std::regex("^padding=(\\d+)"))) {
        options.padding = PaddingMode::Pixels;
        options.padding_pixels = std::stoi(m[1]);
    } else {
        throw Error::at("manifest.json", "params.variants." + variant,
                        "padding='frustum', padding=None or padding=<int>", "\"" + text + "\"");
    }
}

Image linear_depth_of(const FixtureSet& set, const json& params, const std::string& base, Report& report) {
    const Image rgbd = set.image(base + "_rgbd");
    const std::string encoding = params.value("depth_encoding", "z_buffer");
    if (encoding != "z_buffer")
        throw Error::at("manifest.json", "params.depth_encoding", "\"z_buffer\"", "\"" + encoding + "\"");
    const Image linear = linear_from_zbuffer(select_channels(rgbd, rgbd.channels - 1, 1),
                                             param<float>(params, "near"), param<float>(params, "far"));
    if (set.has(base + "_depth_lin")) {
        const Image ref = set.image(base + "_depth_lin");
        long long differ = ref.data.size() == linear.data.size() ? 0 : (long long)ref.data.size();
        for (size_t i = 0; differ == 0 && i < ref.data.size(); ++i) differ += ref.data[i] != linear.data[i];
        report.exact(base + " linearised depth values", differ);
    }
    return linear;
}

void run_depth_to_mesh(const FixtureSet& set, const json& params, Report& report) {
    MeshOptions base_options;
    base_options.fov_deg = param<float>(params, "fov");
    base_options.atol = optional_param(params, "atol");
    base_options.rtol = optional_param(params, "rtol");
    base_options.erode_rgb = params.value("erode_rgb", 0);
    base_options.normals = params.value("cal_normal", false);

    const json variants = param<json>(params, "variants");
    std::map<std::string, Image> depths;  // variants share their base's input
    for (const auto& [variant, text] : variants.items()) {
        MeshOptions options = base_options;
        parse_padding(variant, text.get<std::string>(), options);
        const std::string base = variant.substr(0, variant.find('_'));
        if (!depths.count(base)) depths[base] = linear_depth_of(set, params, base, report);
        const Image& depth = depths[base];
        const RgbdMesh mesh = depth_to_mesh(depth, options, set.matrix(base + "_modelview"));

        report.at_most(variant + " positions max abs error",
                       max_abs_error(set.array(variant + "_position"), flatten(mesh.positions)), 1e-4);
        report.at_most(variant + " uvs max abs error",
                       max_abs_error(set.array(variant + "_uv"), flatten(mesh.uvs)), 1e-4);
        if (options.normals)
            report.at_most(variant + " normals max abs error",
                           max_abs_error(set.array(variant + "_normal"), flatten(mesh.normals)), 1e-4);
        std::vector<int64_t> faces;
        for (const glm::ivec3& f : mesh.faces) faces.insert(faces.end(), {f.x, f.y, f.z});
        report.exact(variant + " faces (" + std::to_string(mesh.faces.size()) + ")",
                     differing_rows(set.array(variant + "_faces"), faces, 3));
        report.exact(variant + " flags (" + std::to_string(mesh.flags.size()) + " vertices)",
                     differing_rows(set.array(variant + "_flag"),
                                    std::vector<int64_t>(mesh.flags.begin(), mesh.flags.end()), 1));
    }
}

double max_matrix_error(const std::vector<glm::mat4>& ref, const std::vector<glm::mat4>& ours) {
    if (ref.size() != ours.size()) return INFINITY;
    double worst = 0.0;
    for (size_t i = 0; i < ref.size(); ++i)
        for (int c = 0; c < 4; ++c)
            for (int r = 0; r < 4; ++r)
                worst = std::max(worst, double(std::fabs(ref[i][c][r] - ours[i][c][r])));
    return worst;
}

std::vector<glm::mat4> modelviews_of(const std::vector<OrbitPose>& poses) {
    std::vector<glm::mat4> out;
    for (const OrbitPose& p : poses) out.push_back(orbit_modelview(p));
    return out;
}

void report_poses(const FixtureSet& set, const std::string& stem, const std::vector<OrbitPose>& poses,
                  Report& report) {
    report.at_most(stem + "_modelviews max abs error",
                   max_matrix_error(set.matrices(stem + "_modelviews"), modelviews_of(poses)), 1e-6);
    if (!set.has(stem + "_yaw_pitch")) return;
    std::vector<float> angles;
    for (const OrbitPose& p : poses) angles.insert(angles.end(), {p.yaw, p.pitch});
    report.at_most(stem + "_yaw_pitch max abs error", max_abs_error(set.array(stem + "_yaw_pitch"), angles),
                   1e-6);
}

// "glm.perspective(radians(45), 1, 0.1, 200)" -> fov, aspect, near, far.
glm::mat4 perspective_from_desc(const std::string& file, const std::string& desc) {
    std::smatch m;
    const std::string number = "\\s*([-+0-9.eE]+)\\s*";
    if (!std::regex_search(desc, m, std::regex("perspective\\(radians\\(" + number + "\\)," + number + "," +
                                                number + "," + number + "\\)")))
        throw Error::at("manifest.json", file + ".desc", "glm.perspective(radians(fov), aspect, near, far)",
                        "\"" + desc + "\"");
    return perspective(std::stof(m[1]), std::stof(m[2]), std::stof(m[3]), std::stof(m[4]));
}

void run_camera_matrices(const FixtureSet& set, const json& params, Report& report) {
    const std::regex swing_file("(.*swing(\\d*))_modelviews\\.npy");
    const int default_frames = param<int>(params, "swing_frames");
    for (const auto& [file, info] : case_named(set, "camera matrices")["files"].items()) {
        const std::string stem = file.substr(0, file.size() - 4);  // without ".npy"
        std::smatch m;
        if (file.find("viewset_modelviews") != std::string::npos) {
            report_poses(set, stem.substr(0, stem.size() - 11),
                         viewset_by_name(param<std::string>(params, "viewset")), report);
        } else if (std::regex_match(file, m, swing_file)) {
            const int frames = m[2].length() ? std::stoi(m[2]) : default_frames;
            report_poses(set, m[1], trajectory_swing(frames), report);
        } else if (file.find("perspective") != std::string::npos) {
            const glm::mat4 ours = perspective_from_desc(file, info.value("desc", ""));
            report.at_most(stem + " max abs error", max_matrix_error({set.matrix(stem)}, {ours}), 1e-6);
        }
    }
}

const CaseRegistration mesh_case("depth_to_mesh", run_depth_to_mesh);
const CaseRegistration camera_case("camera matrices", run_camera_matrices);

}  // namespace
}  // namespace ivid::fixture

#include "core/scene/scene_io.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <set>

#include "core/image/image_io.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"

namespace fs = std::filesystem;
using nlohmann::json;

namespace ivid {
namespace {

constexpr const char* kFormatName = "ivid-scene";
constexpr const char* kSceneFile = "scene.json";
constexpr int kMaxImageSize = 16384;
// float32 matrices built by lookAt are orthonormal to ~1e-7; 1e-4 still rejects any scale/shear.
constexpr double kRigidTolerance = 1e-4;

// ---- checks shared by save (in-memory data) and load (decoded files) -----------------------

void check_image_shape(const std::string& file, int width, int height, int channels, int size,
                       int expected_channels) {
    if (width != size || height != size)
        throw Error::at(file, "image size", std::to_string(size) + "x" + std::to_string(size),
                        std::to_string(width) + "x" + std::to_string(height));
    if (channels != expected_channels)
        throw Error::at(file, "channels", std::to_string(expected_channels), std::to_string(channels));
}

// Depth must be finite and positive (view depth) or finite and >= 0 (condition depth, 0 = none).
void check_depth_values(const Image& depth, const std::string& file, bool allow_zero) {
    size_t bad = 0, first = 0;
    for (size_t i = 0; i < depth.data.size(); ++i) {
        float z = depth.data[i];
        if (std::isfinite(z) && (z > 0.0f || (allow_zero && z == 0.0f))) continue;
        if (bad++ == 0) first = i;
    }
    if (bad == 0) return;
    char where[160];
    std::snprintf(where, sizeof where, "%zu bad pixel(s), the first at row %zu, column %zu (value %g)",
                  bad, first / size_t(depth.width), first % size_t(depth.width), double(depth.data[first]));
    throw Error::at(file, "depth", allow_zero ? "finite values >= 0" : "finite values > 0", where);
}

void check_binary_mask(const ImageU8& mask, const std::string& file) {
    for (size_t i = 0; i < mask.data.size(); ++i)
        if (mask.data[i] != 0 && mask.data[i] != 255)
            throw Error::at(file, "mask", "only 0 or 255",
                            std::to_string(mask.data[i]) + " at row " + std::to_string(i / mask.width) +
                                ", column " + std::to_string(i % mask.width));
}

// Condition depth is valid exactly where its mask is set.
void check_condition_depth_matches_mask(const Image& depth, const ImageU8& mask, const std::string& file) {
    for (size_t i = 0; i < depth.data.size(); ++i)
        if ((mask.data[i] != 0) != (depth.data[i] > 0.0f))
            throw Error::at(file, "depth", "> 0 exactly where the depth mask is 255",
                            "value " + std::to_string(depth.data[i]) + " with mask " +
                                std::to_string(mask.data[i]) + " at row " + std::to_string(i / depth.width) +
                                ", column " + std::to_string(i % depth.width));
}

void check_rigid(const glm::mat4& m, const std::string& file, const std::string& key) {
    // glm is column-major: m[col][row].
    for (int col = 0; col < 4; ++col)
        for (int row = 0; row < 4; ++row)
            if (!std::isfinite(m[col][row]))
                throw Error::at(file, key, "finite entries", "a non-finite entry at row " + std::to_string(row));
    if (m[0][3] != 0.0f || m[1][3] != 0.0f || m[2][3] != 0.0f || m[3][3] != 1.0f)
        throw Error::at(file, key, "a rigid transform (last row 0 0 0 1)", "another last row");
    double worst = 0.0;
    for (int a = 0; a < 3; ++a)
        for (int b = 0; b < 3; ++b) {
            double dot = 0.0;
            for (int k = 0; k < 3; ++k) dot += double(m[a][k]) * double(m[b][k]);
            worst = std::max(worst, std::fabs(dot - (a == b ? 1.0 : 0.0)));
        }
    double det = glm::determinant(glm::dmat3(glm::mat3(m)));
    if (worst > kRigidTolerance || det < 0.0)
        throw Error::at(file, key, "a rigid transform (orthonormal rotation, determinant +1)",
                        "rotation part off by " + std::to_string(worst) + ", determinant " + std::to_string(det));
}

void check_header(const Scene& s, const std::string& file) {
    if (s.image_size <= 0 || s.image_size > kMaxImageSize)
        throw Error::at(file, "image_size", "1.." + std::to_string(kMaxImageSize), std::to_string(s.image_size));
    if (!(s.fov_deg > 0.0f && s.fov_deg < 180.0f))
        throw Error::at(file, "fov", "degrees in (0, 180)", std::to_string(s.fov_deg));
    if (!(s.near > 0.0f && std::isfinite(s.near)))
        throw Error::at(file, "near", "a positive number", std::to_string(s.near));
    if (!(s.far > s.near && std::isfinite(s.far)))
        throw Error::at(file, "far", "a number greater than near", std::to_string(s.far));
}

struct ViewFiles {
    std::string color, depth;
    bool has_condition = false;
    std::string cond_color, cond_depth, cond_mask, cond_mask_rgb;
};

ViewFiles view_file_names(size_t index, bool has_condition) {
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "views/%03zu_", index);
    std::string p = prefix;
    ViewFiles f{p + "color.png", p + "depth.exr", has_condition, "", "", "", ""};
    if (has_condition) {
        f.cond_color = p + "condition_color.png";
        f.cond_depth = p + "condition_depth.exr";
        f.cond_mask = p + "condition_mask.png";
        f.cond_mask_rgb = p + "condition_mask_rgb.png";
    }
    return f;
}

// Validates one view's buffers; `name(file)` gives the label used in messages.
template <typename NameFn>
void check_view_images(const View& v, const ViewFiles& files, int size, NameFn name) {
    check_image_shape(name(files.color), v.color.width, v.color.height, v.color.channels, size, 3);
    check_image_shape(name(files.depth), v.depth.width, v.depth.height, v.depth.channels, size, 1);
    check_depth_values(v.depth, name(files.depth), false);
    if (!v.condition) return;
    const ViewCondition& c = *v.condition;
    check_image_shape(name(files.cond_color), c.color.width, c.color.height, c.color.channels, size, 3);
    check_image_shape(name(files.cond_depth), c.depth.width, c.depth.height, c.depth.channels, size, 1);
    check_image_shape(name(files.cond_mask), c.mask.width, c.mask.height, c.mask.channels, size, 1);
    check_image_shape(name(files.cond_mask_rgb), c.mask_rgb.width, c.mask_rgb.height, c.mask_rgb.channels, size, 1);
    check_depth_values(c.depth, name(files.cond_depth), true);
    check_binary_mask(c.mask, name(files.cond_mask));
    check_binary_mask(c.mask_rgb, name(files.cond_mask_rgb));
    check_condition_depth_matches_mask(c.depth, c.mask, name(files.cond_depth));
}

// ---- JSON <-> structs ----------------------------------------------------------------------

// The double nearest to the shortest decimal that reads back as `f`, so scene.json says 0.6, not
// 0.6000000238418579, and loading still yields the same float bit for bit.
double readable(float f) {
    char buf[32];
    auto end = std::to_chars(buf, buf + sizeof buf, f).ptr;
    return std::strtod(std::string(buf, end).c_str(), nullptr);
}

json matrix_to_json(const glm::mat4& m) {
    json rows = json::array();
    for (int row = 0; row < 4; ++row) {
        json r = json::array();
        for (int col = 0; col < 4; ++col) r.push_back(readable(m[col][row]));
        rows.push_back(r);
    }
    return rows;
}

glm::mat4 matrix_from_json(const JsonAt& j) {
    glm::mat4 m(1.0f);
    j.array_size(4);
    for (size_t row = 0; row < 4; ++row) {
        j[row].array_size(4);
        for (size_t col = 0; col < 4; ++col) m[int(col)][int(row)] = j[row][col].finite_float();
    }
    check_rigid(m, j.file(), j.key());
    return m;
}

Provenance provenance_from_json(const JsonAt& j) {
    Provenance p;
    p.generator = j["generator"].string();
    p.ground_truth = j["ground_truth"].boolean();
    p.date = j["date"].string();
    if (!j["seed"].value().is_null()) p.seed = j["seed"].unsigned_integer();
    if (!j["class"].value().is_null()) {
        int64_t c = j["class"].integer();
        if (c < 0 || c > INT32_MAX) j["class"].fail("a class index >= 0 or null", std::to_string(c));
        p.class_label = int(c);
    }
    JsonAt models = j["models"];
    for (size_t i = 0; i < models.array_size(); ++i)
        p.models.push_back({models[i]["role"].string(), models[i]["name"].string(), models[i]["sha256"].string()});
    p.sampler = j["sampler"].object();
    p.extra = j["extra"].object();
    return p;
}

// A file name from scene.json: relative, inside the folder, used once.
fs::path checked_file_ref(const JsonAt& j, std::set<std::string>& used) {
    std::string name = j.string();
    fs::path p = fs::path(name).lexically_normal();
    bool escapes = name.empty() || p.is_absolute() || p.has_root_name() || p.has_root_directory();
    for (const auto& part : p) escapes = escapes || part == "..";
    if (escapes) j.fail("a file name inside the scene folder", "\"" + name + "\"");
    if (!used.insert(p.generic_string()).second)
        j.fail("a file name used once", "\"" + name + "\", already used by another buffer");
    return p;
}

}  // namespace

json provenance_to_json(const Provenance& p) {
    json models = json::array();
    for (const auto& m : p.models) models.push_back({{"role", m.role}, {"name", m.name}, {"sha256", m.sha256}});
    return {{"generator", p.generator},
            {"ground_truth", p.ground_truth},
            {"date", p.date},
            {"seed", p.seed ? json(*p.seed) : json(nullptr)},
            {"class", p.class_label ? json(*p.class_label) : json(nullptr)},
            {"models", models},
            {"sampler", p.sampler},
            {"extra", p.extra}};
}

Scene load_scene(const fs::path& dir) {
    if (!fs::is_directory(dir)) throw Error(dir.string() + ": scene folder not found");
    const fs::path json_path = dir / kSceneFile;
    const std::string file = json_path.string();
    json doc = parse_json_file(json_path);
    JsonAt root(doc, file);
    root.object();

    std::string format = root["format"].string();
    if (format != kFormatName) root["format"].fail(std::string("\"") + kFormatName + "\"", "\"" + format + "\"");
    int64_t version = root["version"].integer();
    if (version > Scene::kFormatVersion)
        root["version"].fail(std::to_string(Scene::kFormatVersion) + " (this build reads scene format version " +
                                 std::to_string(Scene::kFormatVersion) + "; the file is newer - update IVID Studio)",
                             std::to_string(version));
    if (version < Scene::kFormatVersion)
        root["version"].fail(std::to_string(Scene::kFormatVersion), std::to_string(version));
    std::string encoding = root["depth_encoding"].string();
    if (encoding != "linear") root["depth_encoding"].fail("\"linear\"", "\"" + encoding + "\"");

    Scene scene;
    int64_t size = root["image_size"].integer();
    if (size <= 0 || size > kMaxImageSize)
        root["image_size"].fail("1.." + std::to_string(kMaxImageSize), std::to_string(size));
    scene.image_size = int(size);
    scene.fov_deg = root["fov"].finite_float();
    scene.near = root["near"].finite_float();
    scene.far = root["far"].finite_float();
    scene.provenance = provenance_from_json(root["provenance"]);

    JsonAt views = root["views"];
    size_t count = views.array_size();
    if (count == 0) views.fail("at least one view", "an empty array");
    if (count > size_t(kMaxSceneViews))
        views.fail("at most " + std::to_string(kMaxSceneViews) + " views", std::to_string(count) + " views");
    check_header(scene, file);

    std::set<std::string> used;
    auto path_of = [&](const fs::path& rel) { return (dir / rel).string(); };
    for (size_t i = 0; i < count; ++i) {
        JsonAt jv = views[i];
        int64_t index = jv["index"].integer();
        if (index != int64_t(i)) jv["index"].fail(std::to_string(i) + " (the position in the array)", std::to_string(index));
        View v;
        v.yaw = jv["yaw"].finite_float();
        v.pitch = jv["pitch"].finite_float();
        v.modelview = matrix_from_json(jv["modelview"]);

        ViewFiles files;
        files.color = checked_file_ref(jv["color"], used).generic_string();
        files.depth = checked_file_ref(jv["depth"], used).generic_string();
        v.color = read_image_u8(dir / files.color, 3, true);
        v.depth = read_exr(dir / files.depth);
        if (jv.has("condition")) {
            JsonAt jc = jv["condition"];
            files.has_condition = true;
            files.cond_color = checked_file_ref(jc["color"], used).generic_string();
            files.cond_depth = checked_file_ref(jc["depth"], used).generic_string();
            files.cond_mask = checked_file_ref(jc["mask"], used).generic_string();
            files.cond_mask_rgb = checked_file_ref(jc["mask_rgb"], used).generic_string();
            ViewCondition c;
            c.color = read_image_u8(dir / files.cond_color, 3, true);
            c.depth = read_exr(dir / files.cond_depth);
            c.mask = read_image_u8(dir / files.cond_mask, 1, true);
            c.mask_rgb = read_image_u8(dir / files.cond_mask_rgb, 1, true);
            v.condition = std::move(c);
        }
        check_view_images(v, files, scene.image_size, path_of);
        scene.views.push_back(std::move(v));
    }
    return scene;
}

void save_scene(const Scene& scene, const fs::path& dir, bool overwrite) {
    const std::string file = (dir / kSceneFile).string();
    check_header(scene, file);
    if (scene.views.empty()) throw Error::at(file, "views", "at least one view", "none");
    if (scene.views.size() > size_t(kMaxSceneViews))
        throw Error::at(file, "views", "at most " + std::to_string(kMaxSceneViews) + " views",
                        std::to_string(scene.views.size()) + " views");
    write_folder_atomically(dir, overwrite, [&](const fs::path& tmp) {
        fs::create_directory(tmp / "views");
        // Messages name the final paths: the temporary folder is an implementation detail.
        auto final_path = [&](const std::string& rel) { return (dir / rel).string(); };
        json views = json::array();
        for (size_t i = 0; i < scene.views.size(); ++i) {
            const View& v = scene.views[i];
            const ViewFiles files = view_file_names(i, v.condition.has_value());
            check_rigid(v.modelview, file, "views[" + std::to_string(i) + "].modelview");
            if (!std::isfinite(v.yaw) || !std::isfinite(v.pitch))
                throw Error::at(file, "views[" + std::to_string(i) + "].yaw/pitch", "finite angles", "a non-finite angle");
            check_view_images(v, files, scene.image_size, final_path);
            write_png(tmp / files.color, v.color);
            write_exr(tmp / files.depth, v.depth);
            json jv = {{"index", i}, {"yaw", readable(v.yaw)}, {"pitch", readable(v.pitch)},
                       {"modelview", matrix_to_json(v.modelview)}, {"color", files.color}, {"depth", files.depth}};
            if (v.condition) {
                write_png(tmp / files.cond_color, v.condition->color);
                write_exr(tmp / files.cond_depth, v.condition->depth);
                write_png(tmp / files.cond_mask, v.condition->mask);
                write_png(tmp / files.cond_mask_rgb, v.condition->mask_rgb);
                jv["condition"] = {{"color", files.cond_color}, {"depth", files.cond_depth},
                                   {"mask", files.cond_mask}, {"mask_rgb", files.cond_mask_rgb}};
            }
            views.push_back(jv);
        }
        json doc = {{"format", kFormatName},
                    {"version", Scene::kFormatVersion},
                    {"image_size", scene.image_size},
                    {"fov", readable(scene.fov_deg)},
                    {"near", readable(scene.near)},
                    {"far", readable(scene.far)},
                    {"depth_encoding", "linear"},
                    {"provenance", provenance_to_json(scene.provenance)},
                    {"views", views}};
        write_text_atomically(tmp / kSceneFile, doc.dump(2) + "\n");
    });
}

}  // namespace ivid

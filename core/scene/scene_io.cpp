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

// `note` says why the size is expected (e.g. which key sets it), for messages.
template <typename Img>
void check_image_shape(const std::string& file, const Img& image, int size, int expected_channels,
                       const std::string& note = "") {
    if (image.width != size || image.height != size)
        throw Error::at(file, "image size", std::to_string(size) + "x" + std::to_string(size) + note,
                        std::to_string(image.width) + "x" + std::to_string(image.height));
    if (image.channels != expected_channels)
        throw Error::at(file, "channels", std::to_string(expected_channels), std::to_string(image.channels));
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

// An upsampled scene is larger than the base views it was upsampled from.
void check_base_image_size(int64_t base, int image_size, const std::string& file) {
    if (base < 1 || base >= image_size)
        throw Error::at(file, "base_image_size",
                        "a positive integer smaller than image_size " + std::to_string(image_size),
                        std::to_string(base));
}

void check_header(const Scene& s, const std::string& file) {
    if (s.image_size <= 0 || s.image_size > kMaxImageSize)
        throw Error::at(file, "image_size", "1.." + std::to_string(kMaxImageSize), std::to_string(s.image_size));
    if (s.base_image_size != 0) check_base_image_size(s.base_image_size, s.image_size, file);
    if (!(s.fov_deg > 0.0f && s.fov_deg < 180.0f))
        throw Error::at(file, "fov", "degrees in (0, 180)", std::to_string(s.fov_deg));
    if (!(s.near > 0.0f && std::isfinite(s.near)))
        throw Error::at(file, "near", "a positive number", std::to_string(s.near));
    if (!(s.far > s.near && std::isfinite(s.far)))
        throw Error::at(file, "far", "a number greater than near", std::to_string(s.far));
}

// Every view of an upsampled scene (base_image_size set) has base images, no view of another does.
void check_base_presence(bool has_base, size_t index, int base_image_size, const std::string& file) {
    if (has_base == (base_image_size > 0)) return;
    const std::string key = "views[" + std::to_string(index) + "].base";
    if (has_base)
        throw Error::at(file, key, "no base images (the scene has no base_image_size: it is not upsampled)",
                        "\"base\"");
    throw Error::at(file, key,
                    "base images (base_image_size is " + std::to_string(base_image_size) +
                        ": every view of an upsampled scene has them)",
                    "no \"base\"");
}

// The files of a colour + linear depth pair (a view, its base images, its condition).
struct RgbdFiles {
    std::string color, depth;
};

struct ViewFiles {
    RgbdFiles view;
    RgbdFiles condition;  // with the two masks below, when the view has a condition
    std::string cond_mask, cond_mask_rgb;
    RgbdFiles base;  // when the view has base images
};

ViewFiles view_file_names(size_t index, const View& v) {
    char prefix[32];
    std::snprintf(prefix, sizeof prefix, "views/%03zu_", index);
    std::string p = prefix;
    ViewFiles f;
    f.view = {p + "color.png", p + "depth.exr"};
    if (v.condition) {
        f.condition = {p + "condition_color.png", p + "condition_depth.exr"};
        f.cond_mask = p + "condition_mask.png";
        f.cond_mask_rgb = p + "condition_mask_rgb.png";
    }
    if (v.base) f.base = {p + "base_color.png", p + "base_depth.exr"};
    return f;
}

// A colour image and its linear depth: size x size, 3 and 1 channels; depth > 0 (>= 0 with
// allow_zero_depth).
template <typename NameFn>
void check_rgbd(const ImageU8& color, const Image& depth, const RgbdFiles& files, int size,
                const std::string& note, bool allow_zero_depth, NameFn name) {
    check_image_shape(name(files.color), color, size, 3, note);
    check_image_shape(name(files.depth), depth, size, 1, note);
    check_depth_values(depth, name(files.depth), allow_zero_depth);
}

// Validates one view's buffers; `name(file)` gives the label used in messages. Views are
// image_size square; in an upsampled scene the base images and the condition buffers (made by
// the base models) are base_image_size square.
template <typename NameFn>
void check_view_images(const View& v, const ViewFiles& files, const Scene& scene, NameFn name) {
    check_rgbd(v.color, v.depth, files.view, scene.image_size, "", false, name);
    const bool upsampled = scene.base_image_size > 0;
    if (v.base)
        check_rgbd(v.base->color, v.base->depth, files.base, scene.base_image_size, " (base_image_size)", false, name);
    if (!v.condition) return;
    const ViewCondition& c = *v.condition;
    const int cond_size = upsampled ? scene.base_image_size : scene.image_size;
    const std::string note =
        upsampled ? " (base_image_size: an upsampled scene's condition buffers are at the base size)" : "";
    check_rgbd(c.color, c.depth, files.condition, cond_size, note, true, name);
    check_image_shape(name(files.cond_mask), c.mask, cond_size, 1, note);
    check_image_shape(name(files.cond_mask_rgb), c.mask_rgb, cond_size, 1, note);
    check_binary_mask(c.mask, name(files.cond_mask));
    check_binary_mask(c.mask_rgb, name(files.cond_mask_rgb));
    check_condition_depth_matches_mask(c.depth, c.mask, name(files.condition.depth));
}

// Everything save_scene checks before it writes anything.
template <typename NameFn>
void check_scene(const Scene& scene, const std::string& file, NameFn name) {
    check_header(scene, file);
    if (scene.views.empty()) throw Error::at(file, "views", "at least one view", "none");
    if (scene.views.size() > size_t(kMaxSceneViews))
        throw Error::at(file, "views", "at most " + std::to_string(kMaxSceneViews) + " views",
                        std::to_string(scene.views.size()) + " views");
    for (size_t i = 0; i < scene.views.size(); ++i) {
        const View& v = scene.views[i];
        check_rigid(v.modelview, file, "views[" + std::to_string(i) + "].modelview");
        if (!std::isfinite(v.yaw) || !std::isfinite(v.pitch))
            throw Error::at(file, "views[" + std::to_string(i) + "].yaw/pitch", "finite angles", "a non-finite angle");
        check_base_presence(v.base.has_value(), i, scene.base_image_size, file);
        check_view_images(v, view_file_names(i, v), scene, name);
    }
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
    if (root.has("base_image_size")) {
        int64_t base = root["base_image_size"].integer();
        check_base_image_size(base, scene.image_size, file);
        scene.base_image_size = int(base);
    }
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
    // A file named in scene.json: the name checked (and kept for messages), the file decoded.
    auto read_png_at = [&](const JsonAt& j, int channels, std::string& name) {
        name = checked_file_ref(j, used).generic_string();
        return read_image_u8(dir / name, channels, true);
    };
    // {"color": ..., "depth": ...} as in a view, its "condition" and its "base".
    auto read_rgbd_at = [&](const JsonAt& j, ImageU8& color, Image& depth, RgbdFiles& names) {
        color = read_png_at(j["color"], 3, names.color);
        names.depth = checked_file_ref(j["depth"], used).generic_string();
        depth = read_exr(dir / names.depth);
    };
    for (size_t i = 0; i < count; ++i) {
        JsonAt jv = views[i];
        int64_t index = jv["index"].integer();
        if (index != int64_t(i)) jv["index"].fail(std::to_string(i) + " (the position in the array)", std::to_string(index));
        View v;
        v.yaw = jv["yaw"].finite_float();
        v.pitch = jv["pitch"].finite_float();
        v.modelview = matrix_from_json(jv["modelview"]);

        check_base_presence(jv.has("base"), i, scene.base_image_size, file);
        ViewFiles files;
        read_rgbd_at(jv, v.color, v.depth, files.view);
        if (jv.has("condition")) {
            JsonAt jc = jv["condition"];
            ViewCondition c;
            read_rgbd_at(jc, c.color, c.depth, files.condition);
            c.mask = read_png_at(jc["mask"], 1, files.cond_mask);
            c.mask_rgb = read_png_at(jc["mask_rgb"], 1, files.cond_mask_rgb);
            v.condition = std::move(c);
        }
        if (jv.has("base")) {
            BaseView b;
            read_rgbd_at(jv["base"], b.color, b.depth, files.base);
            v.base = std::move(b);
        }
        check_view_images(v, files, scene, path_of);
        scene.views.push_back(std::move(v));
    }
    return scene;
}

void save_scene(const Scene& scene, const fs::path& dir, bool overwrite) {
    const std::string file = (dir / kSceneFile).string();
    // Messages name the final paths: the temporary folder is an implementation detail.
    auto final_path = [&](const std::string& rel) { return (dir / rel).string(); };
    check_scene(scene, file, final_path);
    write_folder_atomically(dir, overwrite, [&](const fs::path& tmp) {
        fs::create_directory(tmp / "views");
        // Writes a colour + depth pair and returns its {"color": ..., "depth": ...}.
        auto write_rgbd = [&](const ImageU8& color, const Image& depth, const RgbdFiles& names) {
            write_png(tmp / names.color, color);
            write_exr(tmp / names.depth, depth);
            return json{{"color", names.color}, {"depth", names.depth}};
        };
        json views = json::array();
        for (size_t i = 0; i < scene.views.size(); ++i) {
            const View& v = scene.views[i];
            const ViewFiles files = view_file_names(i, v);
            json jv = {{"index", i}, {"yaw", readable(v.yaw)}, {"pitch", readable(v.pitch)},
                       {"modelview", matrix_to_json(v.modelview)}};
            jv.update(write_rgbd(v.color, v.depth, files.view));
            if (v.condition) {
                json jc = write_rgbd(v.condition->color, v.condition->depth, files.condition);
                write_png(tmp / files.cond_mask, v.condition->mask);
                write_png(tmp / files.cond_mask_rgb, v.condition->mask_rgb);
                jc["mask"] = files.cond_mask;
                jc["mask_rgb"] = files.cond_mask_rgb;
                jv["condition"] = jc;
            }
            if (v.base) jv["base"] = write_rgbd(v.base->color, v.base->depth, files.base);
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
        if (scene.base_image_size > 0) doc["base_image_size"] = scene.base_image_size;
        write_text_atomically(tmp / kSceneFile, doc.dump(2) + "\n");
    });
}

}  // namespace ivid

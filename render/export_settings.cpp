#include "render/export_settings.hpp"

#include <cmath>

#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"

namespace fs = std::filesystem;

namespace ivid {
namespace {

constexpr const char* kWhere = "export settings";

void require_setting(bool ok, const std::string& key, const std::string& expected, const std::string& found) {
    if (!ok) throw Error::at(kWhere, key, expected, found);
}

std::string size_text(int w, int h) { return std::to_string(w) + "x" + std::to_string(h); }

}  // namespace

void validate(const ExportSettings& s) {
    validate(s.render);
    require_setting(s.fps > 0.0 && s.fps <= 1000.0, "fps", "in (0, 1000]", std::to_string(s.fps));
    require_setting(s.width >= 2 && s.height >= 2 && s.width <= 8192 && s.height <= 8192 && s.width % 2 == 0 &&
                        s.height % 2 == 0,
                    "size", "even width and height in 2..8192 (H.264 4:2:0)", size_text(s.width, s.height));
    validate(s.trajectory, kWhere);
    require_setting(!s.video.empty() || !s.png_dir.empty(), "video", "an output (video or png_dir)", "none");
    for (const auto& [key, path] : {std::pair{"video", &s.video}, std::pair{"depth_video", &s.depth_video}})
        require_setting(path->empty() || path->extension() == ".mp4", key, "a .mp4 file",
                        "\"" + path->string() + "\"");
    for (const auto& [key, path] : {std::pair{"depth_exr_dir", &s.depth_exr_dir}, std::pair{"depth_png16_dir", &s.depth_png16_dir}})
        require_setting(path->extension().empty(), key, "a folder name without extension", "\"" + path->string() + "\"");
    if (s.depth_range)
        require_setting((*s.depth_range)[0] < (*s.depth_range)[1] && std::isfinite((*s.depth_range)[0]) &&
                            std::isfinite((*s.depth_range)[1]),
                        "depth_range", "finite lo < hi",
                        std::to_string((*s.depth_range)[0]) + ", " + std::to_string((*s.depth_range)[1]));
}

void to_json(nlohmann::json& json, const ExportSettings& s) {
    nlohmann::json render;
    to_json(render, s.render);
    const TrajectorySpec& t = s.trajectory;
    json = {{"trajectory", trajectory_kind_name(t.kind)},
            {"keyframes_file", t.keyframes_file.string()},
            {"orbit_pitch", t.orbit_pitch},
            {"random_seed", t.random_seed},
            {"radius", t.radius},
            {"frames", t.frames},
            {"fps", s.fps},
            {"size", {s.width, s.height}},
            {"render", render},
            {"video", s.video.string()},
            {"png_dir", s.png_dir.string()},
            {"depth_video", s.depth_video.string()},
            {"depth_exr_dir", s.depth_exr_dir.string()},
            {"depth_png16_dir", s.depth_png16_dir.string()},
            {"depth_colormap", colormap_name(s.depth_colormap)},
            {"depth_range", s.depth_range ? nlohmann::json{(*s.depth_range)[0], (*s.depth_range)[1]}
                                          : nlohmann::json(nullptr)},
            {"overwrite", s.overwrite}};
}

void from_json(const nlohmann::json& json, ExportSettings& s) {
    const JsonAt doc(json, kWhere);
    doc.object();
    ExportSettings read = s;
    TrajectorySpec& t = read.trajectory;
    if (doc.has("trajectory")) t.kind = parse_trajectory_kind(doc["trajectory"].string());
    if (doc.has("keyframes_file")) t.keyframes_file = doc["keyframes_file"].string();
    if (doc.has("orbit_pitch")) t.orbit_pitch = doc["orbit_pitch"].finite_float();
    if (doc.has("random_seed")) t.random_seed = doc["random_seed"].unsigned_integer();
    if (doc.has("radius")) t.radius = doc["radius"].finite_float();
    if (doc.has("frames")) t.frames = int(doc["frames"].integer());
    if (doc.has("fps")) read.fps = doc["fps"].number();
    if (doc.has("size")) {
        doc["size"].array_size(2);
        read.width = int(doc["size"][0].integer());
        read.height = int(doc["size"][1].integer());
    }
    if (doc.has("render")) from_json(doc["render"].object(), read.render);
    if (doc.has("video")) read.video = doc["video"].string();
    if (doc.has("png_dir")) read.png_dir = doc["png_dir"].string();
    if (doc.has("depth_video")) read.depth_video = doc["depth_video"].string();
    if (doc.has("depth_exr_dir")) read.depth_exr_dir = doc["depth_exr_dir"].string();
    if (doc.has("depth_png16_dir")) read.depth_png16_dir = doc["depth_png16_dir"].string();
    if (doc.has("depth_colormap")) read.depth_colormap = parse_colormap(doc["depth_colormap"].string());
    if (doc.has("depth_range")) {
        if (doc["depth_range"].value().is_null()) {
            read.depth_range.reset();
        } else {
            doc["depth_range"].array_size(2);
            read.depth_range = std::array<float, 2>{doc["depth_range"][0].finite_float(),
                                                    doc["depth_range"][1].finite_float()};
        }
    }
    if (doc.has("overwrite")) read.overwrite = doc["overwrite"].boolean();
    validate(read);
    s = read;
}

}  // namespace ivid

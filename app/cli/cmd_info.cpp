// ivid info: load and validate a scene folder (every file decoded) and summarise it.
#include <algorithm>
#include <cstdio>
#include <limits>
#include <string>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"
#include "core/scene/scene_io.hpp"

namespace ivid::cli {
namespace {

struct Summary {
    size_t with_condition = 0;
    float depth_min = std::numeric_limits<float>::infinity();
    float depth_max = -std::numeric_limits<float>::infinity();
    float yaw_min = depth_min, yaw_max = depth_max, pitch_min = depth_min, pitch_max = depth_max;
};

Summary summarise(const Scene& scene) {
    Summary s;
    for (const View& v : scene.views) {
        s.with_condition += v.condition.has_value();
        for (float z : v.depth.data) {
            s.depth_min = std::min(s.depth_min, z);
            s.depth_max = std::max(s.depth_max, z);
        }
        s.yaw_min = std::min(s.yaw_min, v.yaw);
        s.yaw_max = std::max(s.yaw_max, v.yaw);
        s.pitch_min = std::min(s.pitch_min, v.pitch);
        s.pitch_max = std::max(s.pitch_max, v.pitch);
    }
    return s;
}

// A JSON value in one short line: numbers to 4 significant digits, small lists and objects inline
// (two levels at most), anything longer as a count of its entries (--json has it all).
std::string brief(const nlohmann::json& v, int depth = 0) {
    if (v.is_number_float()) {
        char number[32];
        std::snprintf(number, sizeof number, "%.4g", v.get<double>());
        return number;
    }
    if (v.is_string()) return v.get<std::string>();
    if (v.is_primitive()) return v.dump();
    const std::string count = std::to_string(v.size()) + (v.is_array() ? " entries" : " fields");
    if (depth > 1 || v.size() > 8) return count;
    std::string text;
    for (const auto& [key, e] : v.items()) {
        const std::string item = e.is_structured() ? "(" + brief(e, depth + 1) + ")" : brief(e, depth + 1);
        text += (text.empty() ? "" : ", ") + (v.is_array() ? item : key + " " + item);
    }
    if (v.is_array()) text = "[" + text + "]";
    return text.size() <= 120 ? text : count;
}

// One line per member of a provenance block, aligned under `title`.
void print_block(const char* title, const nlohmann::json& block) {
    const char* label = title;
    for (const auto& [key, value] : block.items()) {
        std::printf("%-13s%-16s %s\n", label, key.c_str(), brief(value).c_str());
        label = "";
    }
}

int run_info(const std::vector<std::string>& argv) {
    ArgParser args("info", "Load a scene folder, validate every file (all images decoded, sizes, depth values,\n"
                           "matrices) and print a summary.");
    args.positional("dir", "scene folder");
    args.flag("json", "print the summary as JSON");
    if (!args.parse(argv)) return 0;

    const std::string dir = args.get("dir");
    const Scene scene = load_scene(dir);
    const Summary s = summarise(scene);
    const nlohmann::json provenance = provenance_to_json(scene.provenance);
    if (args.is_set("json")) {
        nlohmann::json j = {{"path", dir},
                            {"format_version", Scene::kFormatVersion},
                            {"views", scene.views.size()},
                            {"views_with_condition", s.with_condition},
                            {"image_size", scene.image_size},
                            {"base_image_size", scene.base_image_size},  // 0: not upsampled
                            {"fov", scene.fov_deg},
                            {"near", scene.near},
                            {"far", scene.far},
                            {"depth_min", s.depth_min},
                            {"depth_max", s.depth_max},
                            {"yaw_range", {s.yaw_min, s.yaw_max}},
                            {"pitch_range", {s.pitch_min, s.pitch_max}},
                            {"provenance", provenance}};
        std::printf("%s\n", j.dump(2).c_str());
        return 0;
    }
    std::printf("scene        %s (valid, every file decoded)\n", dir.c_str());
    std::printf("views        %zu (%zu with condition buffers)\n", scene.views.size(), s.with_condition);
    std::string upsampled;
    if (scene.base_image_size > 0)
        upsampled = " (upsampled from " + std::to_string(scene.base_image_size) + "x" +
                    std::to_string(scene.base_image_size) + ")";
    std::printf("image        %dx%d%s, fov %g deg, near %g, far %g\n", scene.image_size, scene.image_size,
                upsampled.c_str(), double(scene.fov_deg), double(scene.near), double(scene.far));
    std::printf("depth        %.4f .. %.4f (linear)\n", double(s.depth_min), double(s.depth_max));
    std::printf("yaw          %.3f .. %.3f rad, pitch %.3f .. %.3f rad\n", double(s.yaw_min), double(s.yaw_max),
                double(s.pitch_min), double(s.pitch_max));
    const Provenance& p = scene.provenance;
    std::printf("generator    %s%s, %s\n", p.generator.c_str(), p.ground_truth ? " (ground truth)" : "",
                p.date.c_str());
    if (p.seed) std::printf("seed         %llu\n", static_cast<unsigned long long>(*p.seed));
    if (p.class_label) std::printf("class        %d\n", *p.class_label);
    for (const ModelIdentity& m : p.models)
        std::printf("model        %s: %s (sha256 %s)\n", m.role.c_str(), m.name.c_str(), m.sha256.c_str());
    if (p.sampler.is_object()) print_block("sampler", p.sampler);
    if (p.extra.is_object()) print_block("details", p.extra);
    return 0;
}

const CommandRegistration registration("info", "validate a scene folder and summarise it", run_info);

}  // namespace
}  // namespace ivid::cli

// ivid info: load and validate a scene folder (every file decoded) and summarise it.
#include <algorithm>
#include <cstdio>
#include <limits>

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
    std::printf("image        %dx%d, fov %g deg, near %g, far %g\n", scene.image_size, scene.image_size,
                double(scene.fov_deg), double(scene.near), double(scene.far));
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
    if (!p.sampler.empty()) std::printf("sampler      %s\n", p.sampler.dump().c_str());
    if (!p.extra.empty()) std::printf("extra        %s\n", p.extra.dump().c_str());
    return 0;
}

const CommandRegistration registration("info", "validate a scene folder and summarise it", run_info);

}  // namespace
}  // namespace ivid::cli

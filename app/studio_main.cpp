// ivid-studio: the interactive scene viewer. Opens SCENE_DIR (or --scene DIR), else the last
// scene, else the bundled default scene. --camera places the camera; --screenshot / --exit make
// a scripted run (tests, documentation screenshots) that renders --frames frames and exits,
// with status 1 when something it was asked to do failed.
// --settings FILE.json starts from a settings file (as `ivid render --settings`) and saves nothing.
// --generate starts a generation with the Generate panel's settings (changed by --pack, --seed,
// --steps, --viewset); a scripted run then counts its frames from the end of the job, and
// --save keeps the finished scene.
#include <cmath>
#include <cstdio>
#include <exception>
#include <sstream>
#include <string>
#include <vector>

#include "app/cli/args.hpp"
#include "gui/studio/studio.hpp"

namespace {

// "YAW,PITCH,RADIUS": radians, radians, and a positive radius (1 = the viewset's distance).
ivid::OrbitPose parse_camera(const std::string& text) {
    std::vector<float> values;
    bool numbers = true;
    std::stringstream stream(text);
    std::string item;
    while (std::getline(stream, item, ',')) {
        size_t used = 0;
        try {
            values.push_back(std::stof(item, &used));
        } catch (const std::exception&) {
            numbers = false;
        }
        numbers = numbers && used == item.size() && std::isfinite(values.back());
    }
    if (!numbers || values.size() != 3 || values[2] <= 0.0f)
        throw ivid::cli::UsageError("ivid-studio: --camera: expected YAW,PITCH,RADIUS (radians, radians, "
                                    "radius > 0), found \"" + text + "\"");
    ivid::OrbitPose pose;
    pose.yaw = values[0];
    pose.pitch = values[1];
    pose.radius = values[2];
    return pose;
}

ivid::StudioOptions parse_options(const ivid::cli::ArgParser& args) {
    ivid::StudioOptions options;
    if (args.is_set("SCENE_DIR") && args.is_set("scene"))
        throw ivid::cli::UsageError("ivid-studio: give the scene either as SCENE_DIR or as --scene, not both");
    if (args.is_set("SCENE_DIR")) options.scene_dir = args.get("SCENE_DIR");
    if (args.is_set("scene")) options.scene_dir = args.get("scene");
    if (args.is_set("camera")) options.camera = parse_camera(args.get("camera"));
    if (args.is_set("screenshot")) options.screenshot = args.get("screenshot");
    if (args.is_set("settings")) options.settings_file = args.get("settings");
    options.exit = args.is_set("exit");
    options.frames = args.get_int("frames");
    // ImGui lays out a new auto-sized window during its first frame and shows it from the second.
    if (options.frames < 2)
        throw ivid::cli::UsageError("ivid-studio: --frames: expected at least 2, found " +
                                    std::to_string(options.frames));
    const char* const generate_options[] = {"pack", "seed", "steps", "viewset", "save"};
    if (!args.is_set("generate")) {
        for (const char* name : generate_options)
            if (args.is_set(name))
                throw ivid::cli::UsageError(std::string("ivid-studio: --") + name + " needs --generate");
        return options;
    }
    ivid::GenerateLaunch& launch = options.generate.emplace();
    if (args.is_set("pack")) launch.pack = args.get("pack");
    if (args.is_set("seed")) launch.seed = args.get_seed("seed");
    if (args.is_set("steps")) launch.steps = args.get_int_in("steps", 1, 100000);
    if (args.is_set("viewset")) launch.viewset = args.get("viewset");
    if (args.is_set("save")) launch.save = args.get("save");
    return options;
}

}  // namespace

int main(int argc, char** argv) {
    ivid::cli::ArgParser args("ivid-studio", "view an IVID scene folder (version " IVID_VERSION ")",
                              /*program=*/"");
    args.positional("SCENE_DIR", "scene folder to open (default: the last one, else the bundled scene)",
                    false);
    args.option("scene", "DIR", "scene folder to open (same as SCENE_DIR)");
    args.option("camera", "YAW,PITCH,RADIUS", "start camera: yaw, pitch in radians, radius (1 = the viewset's)");
    args.option("screenshot", "FILE.png", "render --frames frames, save the window as PNG, exit");
    args.option("settings", "FILE.json",
                "start from this studio settings file instead of the saved one (neither is written)");
    args.flag("exit", "exit after --frames frames (implied by --screenshot)");
    args.option("frames", "N", "frames to render before --screenshot/--exit (at least 2)", "3");
    args.flag("generate", "generate a scene at start with the Generate panel's settings");
    args.option("pack", "DIR", "with --generate: the model pack folder (pack.json)");
    args.option("seed", "N", "with --generate: the seed");
    args.option("steps", "N", "with --generate: sampler steps of both models");
    args.option("viewset", "VIEWSET", "with --generate: 3x9, random, ring:N or FILE.json");
    args.option("save", "DIR", "with --generate: save the finished scene to DIR (a new folder)");
    const std::vector<std::string> arguments(argv + 1, argv + argc);
    for (const std::string& argument : arguments)
        if (argument == "--help" || argument == "-h") {
            std::fputs(args.help().c_str(), stdout);
            return 0;
        }
    try {
        args.parse(arguments);
        ivid::Studio studio(parse_options(args));
        return studio.run();
    } catch (const ivid::cli::UsageError& e) {
        std::fprintf(stderr, "%s\n", e.what());
        return 2;
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ivid-studio: error: %s\n", e.what());
        return 1;
    }
}

// ivid-studio: the interactive scene viewer. Opens SCENE_DIR, else the bundled default scene;
// --screenshot/--frames make a scripted capture (tests, documentation screenshots).
#include <cstdio>
#include <exception>
#include <string>
#include <vector>

#include "app/cli/args.hpp"
#include "gui/studio/asset_paths.hpp"
#include "gui/studio/studio.hpp"

namespace {

ivid::StudioOptions parse_options(const ivid::cli::ArgParser& args) {
    ivid::StudioOptions options;
    if (args.is_set("SCENE_DIR"))
        options.scene_dir = args.get("SCENE_DIR");
    else
        options.scene_dir = ivid::default_scene_dir();
    if (args.is_set("screenshot")) options.screenshot = args.get("screenshot");
    options.frames = args.get_int("frames");
    // ImGui lays out a new auto-sized window during its first frame and shows it from the second.
    if (options.frames < 2)
        throw ivid::cli::UsageError("ivid-studio: --frames: expected at least 2, found " +
                                    std::to_string(options.frames));
    return options;
}

// ArgParser writes "usage: ivid <command>" for the ivid subcommands; this is its own program.
void print_help(const ivid::cli::ArgParser& args) {
    const std::string prefix = "usage: ivid ";
    std::string help = args.help();
    if (help.rfind(prefix, 0) == 0) help.replace(0, prefix.size(), "usage: ");
    std::fputs(help.c_str(), stdout);
}

}  // namespace

int main(int argc, char** argv) {
    ivid::cli::ArgParser args("ivid-studio", "view an IVID scene folder (version " IVID_VERSION ")");
    args.positional("SCENE_DIR", "scene folder to open (default: the bundled default scene)",
                    false);
    args.option("screenshot", "FILE.png", "render --frames frames, save the window as PNG, exit");
    args.option("frames", "N", "frames to render before --screenshot (at least 2)", "3");
    const std::vector<std::string> arguments(argv + 1, argv + argc);
    for (const std::string& argument : arguments)
        if (argument == "--help" || argument == "-h") {
            print_help(args);
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

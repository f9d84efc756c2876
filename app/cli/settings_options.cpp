#include "app/cli/settings_options.hpp"

namespace ivid::cli {

void add_settings_option(ArgParser& args) {
    args.option("settings", "FILE.json",
                "start from a studio settings file (the studio's settings.json: View and Export panels); "
                "flags given replace its values");
}

std::optional<StudioSettings> settings_from_flag(const ArgParser& args) {
    if (!args.is_set("settings")) return std::nullopt;
    return read_studio_settings(args.get("settings"));
}

}  // namespace ivid::cli

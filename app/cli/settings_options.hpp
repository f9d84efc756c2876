// --settings FILE.json, shared by `ivid render` and `ivid eval-views`: a studio settings file (the
// schema of the studio's settings.json, gui/state/studio_settings.hpp), so a look made in the
// studio is reproduced from the command line. The command starts from the file's View panel
// settings (and, for render, its Export panel turntable); the flags given replace single fields.
#pragma once

#include <optional>

#include "app/cli/args.hpp"
#include "gui/state/studio_settings.hpp"

namespace ivid::cli {

void add_settings_option(ArgParser& args);

// The file --settings names (an Error naming the file and key when it is missing or invalid),
// or nothing without the flag.
std::optional<StudioSettings> settings_from_flag(const ArgParser& args);

}  // namespace ivid::cli

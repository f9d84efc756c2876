// The `ivid` command registry: each command file registers a name, a one-line summary and a
// run function taking the arguments after the command name. Exit codes: 0 ok, 1 runtime error
// (bad input file, failed work), 2 usage error, 130 cancelled.
#pragma once

#include <functional>
#include <string>
#include <vector>

namespace ivid::cli {

using CommandFn = std::function<int(const std::vector<std::string>& args)>;

struct Command {
    std::string name;
    std::string summary;
    CommandFn run;
};

struct CommandRegistration {
    CommandRegistration(std::string name, std::string summary, CommandFn run);
};

const std::vector<Command>& commands();

}  // namespace ivid::cli

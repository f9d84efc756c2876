// ivid: the command-line tool. Dispatches to the command files under app/cli/.
#include <algorithm>
#include <cstdio>
#include <cstring>

#include "app/cli/args.hpp"
#include "app/cli/command.hpp"

namespace ivid::cli {
namespace {
std::vector<Command>& registry() {
    static std::vector<Command> list;
    return list;
}
}  // namespace

CommandRegistration::CommandRegistration(std::string name, std::string summary, CommandFn run) {
    registry().push_back({std::move(name), std::move(summary), std::move(run)});
    std::sort(registry().begin(), registry().end(),
              [](const Command& a, const Command& b) { return a.name < b.name; });
}

const std::vector<Command>& commands() { return registry(); }

}  // namespace ivid::cli

namespace {
void print_usage(FILE* out) {
    std::fprintf(out, "usage: ivid <command> [options]\n\n"
                      "IVID Studio command-line tool (version " IVID_VERSION ").\n\ncommands:\n");
    for (const auto& c : ivid::cli::commands())
        std::fprintf(out, "  %-12s %s\n", c.name.c_str(), c.summary.c_str());
    std::fprintf(out, "\nRun 'ivid <command> --help' for a command's options.\n");
}
}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) {
        print_usage(stderr);
        return 2;
    }
    std::string name = argv[1];
    if (name == "--help" || name == "-h" || name == "help") {
        print_usage(stdout);
        return 0;
    }
    if (name == "--version") {
        std::printf("ivid " IVID_VERSION "\n");
        return 0;
    }
    for (const auto& c : ivid::cli::commands()) {
        if (c.name != name) continue;
        try {
            return c.run(std::vector<std::string>(argv + 2, argv + argc));
        } catch (const ivid::cli::UsageError& e) {
            std::fprintf(stderr, "ivid: %s\n", e.what());
            return 2;
        } catch (const std::exception& e) {
            std::fprintf(stderr, "ivid %s: error: %s\n", name.c_str(), e.what());
            return 1;
        }
    }
    std::fprintf(stderr, "ivid: unknown command '%s' (see ivid --help)\n", name.c_str());
    return 2;
}

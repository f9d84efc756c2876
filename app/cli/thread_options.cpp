#include "app/cli/thread_options.hpp"

namespace ivid::cli {

void add_compute_threads_option(ArgParser& args) {
    args.option("threads", "N",
                "CPU threads (0 = the cores this process may use, by its affinity and cgroup quota, that other "
                "processes leave idle; measured for 0.1 s at start)",
                "0");
}

}  // namespace ivid::cli

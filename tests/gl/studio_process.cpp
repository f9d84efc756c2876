#include "tests/gl/studio_process.hpp"

#include <cstdlib>
#include <vector>

#include <sys/wait.h>

namespace ivid::test {

void use_config_home(const std::filesystem::path& config_home) {
    setenv("XDG_CONFIG_HOME", std::filesystem::absolute(config_home).c_str(), 1);
}

std::string quoted(const std::filesystem::path& path) { return "\"" + path.string() + "\""; }

std::string studio_command(const std::string& arguments) {
    return std::string("\"") + IVID_STUDIO_EXE + "\" " + arguments;
}

int run_studio(const std::string& arguments, const std::filesystem::path& stderr_file) {
    const std::string command = studio_command(arguments) + " 2> " + quoted(stderr_file);
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

size_t distinct_colors(const ImageU8& image) {
    std::vector<bool> seen(1 << 24, false);
    size_t count = 0;
    for (size_t i = 0; i < image.pixel_count(); ++i) {
        const uint8_t* p = &image.data[i * 3];
        const size_t key = (size_t(p[0]) << 16) | (size_t(p[1]) << 8) | p[2];
        if (!seen[key]) ++count;
        seen[key] = true;
    }
    return count;
}

double mean_abs_difference(const ImageU8& a, const ImageU8& b, int x0, int y0, int x1, int y1) {
    double sum = 0.0;
    for (int r = y0; r < y1; ++r)
        for (int c = x0; c < x1; ++c)
            for (int ch = 0; ch < 3; ++ch) sum += std::abs(int(a.at(r, c, ch)) - int(b.at(r, c, ch)));
    return sum / (3.0 * (x1 - x0) * (y1 - y0));
}

}  // namespace ivid::test

#include "gui/studio/screenshot.hpp"

#include <ctime>
#include <string>
#include <system_error>

#include "core/image/image_io.hpp"
#include "render/gl/framebuffer.hpp"

namespace fs = std::filesystem;

namespace ivid {

fs::path next_screenshot_path(const fs::path& dir) {
    const std::time_t now = std::time(nullptr);
    std::tm local{};
    localtime_r(&now, &local);
    char stamp[32];
    std::strftime(stamp, sizeof(stamp), "%Y%m%d-%H%M%S", &local);
    const std::string base = std::string("ivid-studio-") + stamp;
    fs::path candidate = dir / (base + ".png");
    std::error_code error;
    for (int n = 2; fs::exists(candidate, error); ++n) candidate = dir / (base + "-" + std::to_string(n) + ".png");
    return candidate;
}

void save_window_screenshot(const fs::path& file, int width, int height) {
    write_png(file, gl::read_pixels(0, width, height, 3));
}

}  // namespace ivid

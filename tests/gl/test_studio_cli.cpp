// ivid-studio as a program: a scripted capture of a saved scene gives a 1280x800 PNG that is
// not blank, a scene that fails to load is reported (stderr and in the window) without a crash,
// and bad flags are usage errors.
#include <doctest/doctest.h>

#include <cstdlib>
#include <filesystem>
#include <string>

#include "core/image/image_io.hpp"
#include "core/scene/scene_io.hpp"
#include "core/util/atomic_file.hpp"
#include "tests/gl/synthetic_scene.hpp"

namespace fs = std::filesystem;

namespace {

const fs::path kWorkDir = fs::path(IVID_BINARY_DIR) / "test-studio-cli";

// Runs ivid-studio with `arguments`, stderr to `stderr_file`; returns the exit status.
int run_studio(const std::string& arguments, const fs::path& stderr_file) {
    const std::string command = std::string("\"") + IVID_STUDIO_EXE + "\" " + arguments + " 2> \"" +
                                stderr_file.string() + "\"";
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

// Number of distinct RGB values in the image (a blank window has one).
size_t distinct_colors(const ivid::ImageU8& image) {
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

}  // namespace

TEST_CASE("a scripted capture of a scene writes a non-uniform PNG of the window") {
    fs::create_directories(kWorkDir);
    const fs::path scene_dir = kWorkDir / "scene";
    ivid::save_scene(ivid::test::make_synthetic_scene(64), scene_dir, true);
    const fs::path png = kWorkDir / "out.png";
    fs::remove(png);
    REQUIRE(run_studio("--screenshot \"" + png.string() + "\" --frames 3 \"" + scene_dir.string() + "\"",
                       kWorkDir / "capture.err") == 0);
    REQUIRE(fs::exists(png));
    const ivid::ImageU8 image = ivid::read_image_u8(png, 3);
    CHECK(image.width == 1280);
    CHECK(image.height == 800);
    // Scene checkers, background and panel text give many colours; a blank frame gives 1.
    CHECK(distinct_colors(image) > 20);
    CHECK(ivid::read_text_file(kWorkDir / "capture.err").empty());
}

TEST_CASE("a scene that cannot be loaded is reported, not a crash") {
    fs::create_directories(kWorkDir);
    const fs::path png = kWorkDir / "missing.png";
    const fs::path missing = kWorkDir / "no-such-scene";
    REQUIRE(run_studio("--screenshot \"" + png.string() + "\" --frames 2 \"" + missing.string() + "\"",
                       kWorkDir / "missing.err") == 0);
    CHECK(fs::exists(png));
    const std::string err = ivid::read_text_file(kWorkDir / "missing.err");
    CHECK(err.find("no-such-scene") != std::string::npos);
}

TEST_CASE("usage: --help succeeds, bad flags and values exit with status 2") {
    fs::create_directories(kWorkDir);
    CHECK(run_studio("--help > \"" + (kWorkDir / "help.out").string() + "\"", kWorkDir / "help.err") == 0);
    CHECK(ivid::read_text_file(kWorkDir / "help.out").find("usage: ivid-studio") == 0);
    CHECK(run_studio("--no-such-flag", kWorkDir / "flag.err") == 2);
    CHECK(run_studio("--screenshot x.png --frames 1", kWorkDir / "frames.err") == 2);
    CHECK(ivid::read_text_file(kWorkDir / "frames.err").find("--frames") != std::string::npos);
    CHECK(run_studio("--frames many", kWorkDir / "many.err") == 2);
}

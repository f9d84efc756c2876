// ivid-studio as a program: a scripted capture of a saved scene gives a 1280x800 PNG that is
// not blank; --scene and --camera place what is shown (a capture at a pose equals another at
// the same pose, differs from the front view); scenes that fail to load (missing folder,
// truncated PNG, missing EXR, malformed JSON) are reported on stderr naming the file, without a
// crash; scripted runs never write settings; bad flags are usage errors. The Inspector shows a view
// of an upsampled scene at its base size and upsampled side by side.
#include <doctest/doctest.h>

#include <filesystem>
#include <string>

#include "core/image/image_io.hpp"
#include "core/scene/scene_io.hpp"
#include "core/util/atomic_file.hpp"
#include "gui/state/studio_settings.hpp"
#include "tests/gl/studio_process.hpp"
#include "tests/gl/synthetic_scene.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using ivid::test::quoted;
using ivid::test::run_studio;

namespace {

const fs::path kWorkDir = fs::path(IVID_BINARY_DIR) / "test-studio-cli";

// A saved synthetic scene in a fresh folder, and a private config folder for the studio.
fs::path fresh_scene(const std::string& name) {
    ivid::test::use_config_home(kWorkDir / "config");
    const fs::path dir = kWorkDir / name;
    fs::remove_all(dir);
    fs::create_directories(kWorkDir);
    ivid::save_scene(ivid::test::make_synthetic_scene(64), dir, true);
    return dir;
}

// A scripted capture that must exit with `status` (1: what it was asked to show failed).
ivid::ImageU8 capture(const std::string& arguments, const std::string& name, int status = 0) {
    const fs::path png = kWorkDir / (name + ".png");
    fs::remove(png);
    REQUIRE(run_studio("--screenshot " + quoted(png) + " " + arguments, kWorkDir / (name + ".err")) == status);
    return ivid::read_image_u8(png, 3);
}

// The centre of the viewport, clear of the panels' default places.
double centre_difference(const ivid::ImageU8& a, const ivid::ImageU8& b) {
    return ivid::test::mean_abs_difference(a, b, 440, 150, 840, 650);
}

// Runs of adjacent columns of [x0, x1) x [y0, y1) holding the synthetic sphere's yellow checker
// colour exactly (a picture of the scene shows it; the viewport behind a panel is blended with
// the panel's background), gaps narrower than 4 pixels (the sphere's rim) closed.
int yellow_runs(const ivid::ImageU8& image, int x0, int y0, int x1, int y1) {
    int runs = 0, gap = 4;
    for (int c = x0; c < x1; ++c) {
        bool yellow = false;
        for (int r = y0; r < y1 && !yellow; ++r)
            yellow = image.at(r, c, 0) == 250 && image.at(r, c, 1) == 220 && image.at(r, c, 2) == 60;
        if (yellow && gap >= 4) ++runs;
        gap = yellow ? 0 : gap + 1;
    }
    return runs;
}

}  // namespace

TEST_CASE("a scripted capture of a scene writes a non-uniform PNG of the window") {
    const fs::path scene_dir = fresh_scene("scene");
    const fs::path settings = kWorkDir / "config" / "ivid-studio" / "settings.json";
    fs::remove(settings);  // left by an earlier run that failed part-way
    const ivid::ImageU8 image = capture("--frames 3 " + quoted(scene_dir), "out");
    CHECK(image.width == 1280);
    CHECK(image.height == 800);
    // Scene checkers, background and panel text give many colours; a blank frame gives 1.
    CHECK(ivid::test::distinct_colors(image) > 20);
    CHECK(ivid::read_text_file(kWorkDir / "out.err").empty());
    // Scripted runs read the settings but never write them.
    CHECK_FALSE(fs::exists(settings));
}

TEST_CASE("--scene and --camera choose what is shown") {
    const fs::path scene_dir = fresh_scene("scene-camera");
    const ivid::ImageU8 front = capture("--scene " + quoted(scene_dir), "front");
    const ivid::ImageU8 turned = capture("--scene " + quoted(scene_dir) + " --camera 0.3,0.1,1 --exit", "turned");
    const ivid::ImageU8 again = capture(quoted(scene_dir) + " --camera=0.3,0.1,1.0", "again");
    const double moved = centre_difference(front, turned);
    const double same = centre_difference(turned, again);
    MESSAGE("mean |difference| in the viewport centre: front vs yaw 0.3 " << moved << ", same pose twice "
                                                                         << same);
    CHECK(moved > 5.0);
    CHECK(same < 0.5);
}

TEST_CASE("scenes that cannot be loaded are reported naming the file, not a crash") {
    const fs::path missing = kWorkDir / "no-such-scene";
    capture(quoted(missing) + " --frames 2", "missing", 1);
    CHECK(ivid::test::contains(ivid::read_text_file(kWorkDir / "missing.err"), "no-such-scene"));

    const fs::path truncated = fresh_scene("truncated-png");
    ivid::test::truncate_file(truncated / "views" / "001_color.png", 60);
    capture(quoted(truncated), "truncated", 1);
    CHECK(ivid::test::contains(ivid::read_text_file(kWorkDir / "truncated.err"), "001_color.png"));

    const fs::path no_exr = fresh_scene("missing-exr");
    fs::remove(no_exr / "views" / "002_depth.exr");
    capture(quoted(no_exr), "no-exr", 1);
    CHECK(ivid::test::contains(ivid::read_text_file(kWorkDir / "no-exr.err"), "002_depth.exr"));

    const fs::path malformed = fresh_scene("malformed-json");
    ivid::test::write_bytes(malformed / "scene.json", "{\"format\": \"ivid-scene\", \"views\": [");
    capture(quoted(malformed), "malformed", 1);
    const std::string err = ivid::read_text_file(kWorkDir / "malformed.err");
    CHECK(ivid::test::contains(err, "scene.json"));
    CHECK(ivid::test::contains(err, "malformed JSON"));
}

TEST_CASE("a settings file that cannot be read is reported and left unchanged") {
    const fs::path scene_dir = fresh_scene("scene-settings");
    const fs::path settings = kWorkDir / "config" / "ivid-studio" / "settings.json";
    fs::create_directories(settings.parent_path());
    const std::string newer = "{\"format\": \"ivid-studio-settings\", \"version\": 99}";
    ivid::test::write_bytes(settings, newer);
    capture(quoted(scene_dir), "settings");  // defaults used: the capture itself succeeds
    const std::string err = ivid::read_text_file(kWorkDir / "settings.err");
    CHECK(ivid::test::contains(err, "settings.json"));
    CHECK(ivid::test::contains(err, "expected 1, found 99"));
    CHECK(ivid::read_text_file(settings) == newer);
    fs::remove(settings);
}

TEST_CASE("--settings FILE: the studio starts from it; a missing or invalid one fails the run, naming it") {
    const fs::path scene_dir = fresh_scene("scene-look");
    const fs::path look = kWorkDir / "look.json";
    const std::string text = "{\"format\": \"ivid-studio-settings\", \"version\": 1, \"window\": [640, 480]}";
    ivid::test::write_bytes(look, text);
    const ivid::ImageU8 image = capture("--settings " + quoted(look) + " " + quoted(scene_dir), "look");
    CHECK(image.width == 640);
    CHECK(image.height == 480);
    CHECK(ivid::read_text_file(look) == text);
    CHECK_FALSE(fs::exists(kWorkDir / "config" / "ivid-studio" / "settings.json"));

    const fs::path png = kWorkDir / "look-missing.png";
    CHECK(run_studio("--screenshot " + quoted(png) + " --settings " + quoted(kWorkDir / "missing-look.json"),
                     kWorkDir / "look-missing.err") == 1);
    CHECK(ivid::test::contains(ivid::read_text_file(kWorkDir / "look-missing.err"), "missing-look.json"));
    CHECK_FALSE(fs::exists(png));
    ivid::test::write_bytes(look, "{\"format\": \"ivid-studio-settings\", \"version\": 1, \"window\": [640]}");
    CHECK(run_studio("--screenshot " + quoted(png) + " --settings " + quoted(look), kWorkDir / "look-bad.err") == 1);
    CHECK(ivid::test::contains(ivid::read_text_file(kWorkDir / "look-bad.err"), "look.json"));
}

TEST_CASE("usage: --help succeeds, bad flags and values exit with status 2") {
    fs::create_directories(kWorkDir);
    CHECK(run_studio("--help > " + quoted(kWorkDir / "help.out"), kWorkDir / "help.err") == 0);
    const std::string help = ivid::read_text_file(kWorkDir / "help.out");
    CHECK(help.find("usage: ivid-studio") == 0);
    CHECK(ivid::test::contains(help, "--camera"));
    CHECK(run_studio("--no-such-flag", kWorkDir / "flag.err") == 2);
    CHECK(run_studio("--screenshot x.png --frames 1", kWorkDir / "frames.err") == 2);
    CHECK(ivid::test::contains(ivid::read_text_file(kWorkDir / "frames.err"), "--frames"));
    CHECK(run_studio("--frames many", kWorkDir / "many.err") == 2);
    for (const char* camera : {"0.1,0.2", "0.1,x,1", "0.1,0.2,0", "0.1,0.2,1,4", "nan,0,1"}) {
        CAPTURE(camera);
        CHECK(run_studio(std::string("--exit --camera ") + camera, kWorkDir / "camera.err") == 2);
        CHECK(ivid::test::contains(ivid::read_text_file(kWorkDir / "camera.err"), "YAW,PITCH,RADIUS"));
    }
    CHECK(run_studio("--scene a b", kWorkDir / "both.err") == 2);
    CHECK(ivid::test::contains(ivid::read_text_file(kWorkDir / "both.err"), "not both"));
}

TEST_CASE("the Inspector shows a view of an upsampled scene at its base size and upsampled, side by side") {
    ivid::test::use_config_home(kWorkDir / "config-upsampled");
    const fs::path settings_file = kWorkDir / "config-upsampled" / "ivid-studio" / "settings.json";
    const fs::path upsampled = kWorkDir / "upsampled";
    ivid::save_scene(ivid::test::make_upsampled_synthetic_scene(64, 32), upsampled, true);
    const fs::path plain = fresh_scene("not-upsampled");
    ivid::test::use_config_home(kWorkDir / "config-upsampled");
    const auto shot = [&](const fs::path& scene, ivid::InspectorBuffer buffer, bool compare, const std::string& name) {
        ivid::StudioSettings settings;
        settings.inspector.source = 1;
        settings.inspector.buffer = buffer;
        settings.inspector.compare_base = compare;
        ivid::save_studio_settings(settings, settings_file);
        const ivid::ImageU8 image = capture(quoted(scene), name);
        CHECK(ivid::read_text_file(kWorkDir / (name + ".err")).empty());
        return image;
    };
    const ivid::ImageU8 side = shot(upsampled, ivid::InspectorBuffer::Color, true, "side-by-side-colour");
    const ivid::ImageU8 single = shot(upsampled, ivid::InspectorBuffer::Color, false, "upsampled-colour");
    const ivid::ImageU8 before = shot(plain, ivid::InspectorBuffer::Color, true, "not-upsampled-colour");
    shot(upsampled, ivid::InspectorBuffer::Depth, true, "side-by-side-depth");
    // The Inspector's default place in the 1280 x 800 window: the right column, 360 wide, from
    // y 28; its pictures below the choices.
    const int x0 = 1280 - 8 - 360, x1 = 1280 - 8, y0 = 120, y1 = 460;
    CHECK(yellow_runs(side, x0, y0, x1, y1) == 2);    // the sphere in both pictures
    CHECK(yellow_runs(single, x0, y0, x1, y1) == 1);  // one picture
    CHECK(yellow_runs(before, x0, y0, x1, y1) == 1);  // a scene that was not upsampled: as before
    CHECK(ivid::test::mean_abs_difference(side, single, x0, y0, x1, y1) > 5.0);
    fs::remove(settings_file);
    ivid::test::use_config_home(kWorkDir / "config");
}

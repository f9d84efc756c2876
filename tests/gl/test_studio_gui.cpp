// The studio driven like a user, under Xvfb with xdotool: a left drag in the viewport must
// orbit the camera exactly as OrbitController says (100 px right = yaw -0.5 rad), so the F12
// screenshot after the drag matches a direct render at that pose (--camera) and not the start
// pose; N snaps to the nearest generated view; the Export panel's button writes the turntable
// while the window keeps running; Ctrl+Q quits and saves the settings (with their version) and
// the panel layout into the XDG config folder.
#include <doctest/doctest.h>

#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <filesystem>
#include <string>
#include <thread>
#include <vector>

#include <opencv2/videoio.hpp>

#include "core/image/image_io.hpp"
#include "core/scene/scene_io.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/json_fields.hpp"
#include "gui/state/orbit_controller.hpp"
#include "gui/state/studio_settings.hpp"
#include "tests/gl/studio_process.hpp"
#include "tests/gl/synthetic_scene.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using ivid::test::quoted;

namespace {

const fs::path kWorkDir = fs::path(IVID_BINARY_DIR) / "test-studio-gui";
const fs::path kShots = kWorkDir / "shots";

// Runs a shell command; returns its stdout (trailing newline removed) and whether it succeeded.
std::pair<bool, std::string> shell(const std::string& command) {
    const fs::path out = kWorkDir / "shell.out";
    const int status = std::system((command + " > " + quoted(out)).c_str());
    std::string text = fs::exists(out) ? ivid::read_text_file(out) : "";
    while (!text.empty() && (text.back() == '\n' || text.back() == '\r')) text.pop_back();
    return {status == 0, text};
}

void xdotool(const std::string& arguments) {
    INFO("xdotool " << arguments);
    REQUIRE(shell("xdotool " + arguments).first);
}

void pause(double seconds) { std::this_thread::sleep_for(std::chrono::duration<double>(seconds)); }

// Finished screenshots, oldest first (names carry the time; the atomic writer's temporary
// files are hidden, starting with a dot).
std::vector<fs::path> screenshots() {
    std::vector<fs::path> shots;
    for (const auto& entry : fs::directory_iterator(kShots))
        if (entry.path().filename().string().rfind("ivid-studio-", 0) == 0) shots.push_back(entry.path());
    std::sort(shots.begin(), shots.end());
    return shots;
}

// Presses F12 and waits for the new screenshot; returns it.
ivid::ImageU8 f12_screenshot() {
    const size_t before = screenshots().size();
    xdotool("key F12");
    for (int i = 0; i < 600 && screenshots().size() == before; ++i) pause(0.1);
    const std::vector<fs::path> shots = screenshots();
    REQUIRE(shots.size() == before + 1);
    return ivid::read_image_u8(shots.back(), 3);
}

ivid::ImageU8 direct_render(const fs::path& scene, const std::string& camera, const std::string& name) {
    const fs::path png = kWorkDir / (name + ".png");
    REQUIRE(ivid::test::run_studio("--scene " + quoted(scene) + " --camera " + camera + " --screenshot " +
                                       quoted(png),
                                   kWorkDir / (name + ".err")) == 0);
    return ivid::read_image_u8(png, 3);
}

// The viewport's centre, clear of the panels' default places and the status line.
double centre_difference(const ivid::ImageU8& a, const ivid::ImageU8& b) {
    return ivid::test::mean_abs_difference(a, b, 440, 150, 840, 650);
}

// Kills the studio when the test ends early (a failed REQUIRE), so it cannot outlive the test.
struct ProcessGuard {
    int pid;
    ~ProcessGuard() { ::kill(pid, SIGKILL); }
};

// Alive and not a zombie (the studio's shell parent is gone, so nobody may reap it).
bool running(int pid) {
    const fs::path stat = "/proc/" + std::to_string(pid) + "/stat";
    std::error_code error;
    if (!fs::exists(stat, error)) return false;
    const std::string text = ivid::read_text_file(stat);
    const size_t end_of_name = text.rfind(')');
    return end_of_name != std::string::npos && end_of_name + 2 < text.size() && text[end_of_name + 2] != 'Z';
}

}  // namespace

TEST_CASE("dragging the viewport orbits like a direct render at the new pose; N snaps; settings persist") {
    fs::remove_all(kWorkDir);
    fs::create_directories(kShots);
    REQUIRE_MESSAGE(shell("command -v xdotool").first, "xdotool is missing: run packaging/install-deps.sh");
    const fs::path config_home = kWorkDir / "config";
    ivid::test::use_config_home(config_home);
    const fs::path scene_dir = kWorkDir / "scene";
    ivid::save_scene(ivid::test::make_synthetic_scene(64), scene_dir, false);
    ivid::StudioSettings settings;
    settings.screenshot_dir = kShots;
    settings.panels.export_panel = true;
    settings.export_settings.trajectory.frames = 6;
    settings.export_settings.width = 96;
    settings.export_settings.height = 64;
    settings.export_settings.video = kWorkDir / "turntable.mp4";
    settings.export_settings.png_dir = kWorkDir / "frames";
    const fs::path settings_file = config_home / "ivid-studio" / "settings.json";
    ivid::save_studio_settings(settings, settings_file);

    // Start pose and the pose 100 px of left drag to the right must give (OrbitController).
    const float drag_px = 100.0f;
    const float dragged_yaw = -drag_px * ivid::OrbitController::kRadiansPerPixel;
    REQUIRE(dragged_yaw == doctest::Approx(-0.5f));
    const ivid::ImageU8 start = direct_render(scene_dir, "0,0,1", "start");
    const ivid::ImageU8 orbited = direct_render(scene_dir, "-0.5,0,1", "orbited");
    // Nearest view of yaw -0.5, pitch 0 among the synthetic scene's (yaw 0, +-0.3; pitch 0.1).
    const ivid::ImageU8 snapped = direct_render(scene_dir, "-0.3,0.1,1", "snapped");

    // Its own stdout too: a test runner waits for the test's output pipe to close.
    const std::string launch = ivid::test::studio_command(quoted(scene_dir)) + " > /dev/null 2> " +
                               quoted(kWorkDir / "studio.err") + " & echo $!";
    const auto [launched, pid_text] = shell(launch);
    REQUIRE(launched);
    const int pid = std::stoi(pid_text);
    const ProcessGuard guard{pid};
    const auto [found, window] =
        shell("timeout 60 xdotool search --sync --onlyvisible --pid " + pid_text + " --name '^IVID Studio$' | head -1");
    REQUIRE_MESSAGE(found, "the studio window did not appear");
    pause(3.0);  // first frames: scene upload, ImGui's auto-sized windows

    // Move onto the viewport first (so the drag's first frame has no stale mouse delta), then
    // drag right in two steps with frames in between.
    xdotool("mousemove --window " + window + " 640 400");
    pause(0.8);
    xdotool("mousedown 1");
    pause(0.8);
    xdotool("mousemove --window " + window + " 690 400");
    pause(0.8);
    xdotool("mousemove --window " + window + " 740 400");
    pause(0.8);
    xdotool("mouseup 1");
    pause(1.0);
    const ivid::ImageU8 after_drag = f12_screenshot();
    xdotool("key n");
    pause(1.5);
    const ivid::ImageU8 after_snap = f12_screenshot();
    // "Export turntable" is the first thing in the Export panel (right column, below the
    // Inspector, at its default place in a 1280 x 800 window).
    xdotool("mousemove --window " + window + " 965 506");
    pause(0.8);
    xdotool("click 1");
    for (int i = 0; i < 600 && !fs::exists(kWorkDir / "turntable.mp4"); ++i) pause(0.1);
    const bool exported = fs::exists(kWorkDir / "turntable.mp4");
    xdotool("key ctrl+q");
    for (int i = 0; i < 300 && running(pid); ++i) pause(0.1);
    const bool quit = !running(pid);
    INFO("studio stderr: " << ivid::read_text_file(kWorkDir / "studio.err"));

    const double to_orbited = centre_difference(after_drag, orbited);
    const double to_start = centre_difference(after_drag, start);
    const double snap_to_view = centre_difference(after_snap, snapped);
    const double snap_to_orbited = centre_difference(after_snap, orbited);
    MESSAGE("after the drag: mean |difference| " << to_orbited << " to the render at yaw -0.5, " << to_start
                                                 << " to the start pose");
    MESSAGE("after N: " << snap_to_view << " to the render at the nearest view, " << snap_to_orbited
                        << " to yaw -0.5");
    CHECK(to_start > 5.0);
    CHECK(to_orbited < 1.0);
    CHECK(snap_to_orbited > 5.0);
    CHECK(snap_to_view < 1.0);

    REQUIRE(exported);
    cv::VideoCapture video((kWorkDir / "turntable.mp4").string(), cv::CAP_FFMPEG);
    CHECK(video.get(cv::CAP_PROP_FRAME_COUNT) == 6);
    CHECK(video.get(cv::CAP_PROP_FRAME_WIDTH) == 96);
    CHECK(video.get(cv::CAP_PROP_FRAME_HEIGHT) == 64);
    CHECK(ivid::test::entries_in(kWorkDir / "frames") == 6);

    REQUIRE_MESSAGE(quit, "Ctrl+Q did not close the studio");
    const ivid::StudioSettings saved = ivid::load_studio_settings(settings_file);
    CHECK(saved.screenshot_dir == kShots);
    CHECK(saved.last_scene == fs::absolute(scene_dir));
    CHECK(ivid::parse_json_file(settings_file)["version"] == ivid::StudioSettings::kVersion);
    const std::string layout = ivid::read_text_file(config_home / "ivid-studio" / "imgui.ini");
    CHECK(ivid::test::contains(layout, "[Window][Scene]"));
    CHECK(ivid::test::contains(layout, "[Window][Inspector]"));
}

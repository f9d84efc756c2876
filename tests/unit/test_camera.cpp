// Cameras: IVID's viewset/swing/perspective matrices against the GL fixtures (GLM float, so
// <= 1e-6 absolute), analytic properties of orbits, and keyframe path files.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include <glm/gtc/matrix_transform.hpp>

#include "tests/test_support.hpp"

#include "core/geometry/camera.hpp"
#include "core/image/npy.hpp"
#include "core/util/error.hpp"

using namespace ivid;
namespace fs = std::filesystem;

namespace {

const fs::path kFixtures = fs::path(IVID_FIXTURES_DIR) / "ivid-gl";

// Fixture matrices are stored in math layout (row-major); glm is column-major.
std::vector<glm::mat4> fixture_matrices(const std::string& name) {
    const auto values = load_npy(kFixtures / (name + ".npy")).as_float();
    std::vector<glm::mat4> out(values.size() / 16);
    for (size_t i = 0; i < out.size(); ++i)
        for (int r = 0; r < 4; ++r)
            for (int c = 0; c < 4; ++c) out[i][c][r] = values[16 * i + 4 * r + c];
    return out;
}

double max_abs_diff(const glm::mat4& a, const glm::mat4& b) {
    double worst = 0.0;
    for (int c = 0; c < 4; ++c)
        for (int r = 0; r < 4; ++r) worst = std::max(worst, double(std::fabs(a[c][r] - b[c][r])));
    return worst;
}

void check_poses_against(const std::vector<OrbitPose>& poses, const std::string& matrices,
                         const std::string& yaw_pitch) {
    const auto expected = fixture_matrices(matrices);
    REQUIRE(poses.size() == expected.size());
    double worst = 0.0;
    for (size_t i = 0; i < poses.size(); ++i)
        worst = std::max(worst, max_abs_diff(orbit_modelview(poses[i]), expected[i]));
    CHECK(worst <= 1e-6);
    if (yaw_pitch.empty()) return;
    const auto angles = load_npy(kFixtures / (yaw_pitch + ".npy")).as_float();
    REQUIRE(angles.size() == 2 * poses.size());
    for (size_t i = 0; i < poses.size(); ++i) {
        CHECK(poses[i].yaw == angles[2 * i]);
        CHECK(poses[i].pitch == angles[2 * i + 1]);
    }
}

// A file of `text` in `dir`.
fs::path file_with(const test::TempDir& dir, const std::string& name, const std::string& text) {
    test::write_bytes(dir.path / name, text);
    return dir.path / name;
}

std::string load_error(const fs::path& file) {
    return test::message_of([&] { load_keyframes(file); });
}

}  // namespace

TEST_CASE("3x9 viewset matches sample.py's matrices and order") {
    check_poses_against(viewset_3x9(), "c6_viewset_modelviews", "c6_viewset_yaw_pitch");
}

TEST_CASE("swing trajectory matches render.py") {
    check_poses_against(trajectory_swing(60), "c6_swing_modelviews", "c6_swing_yaw_pitch");
    check_poses_against(trajectory_swing(60), "c6_swing60_modelviews", "");
    // linspace includes the end point: the first and last frames coincide.
    const auto swing = trajectory_swing(7);
    CHECK(max_abs_diff(orbit_modelview(swing.front()), orbit_modelview(swing.back())) <= 1e-6);
    CHECK_THROWS_AS(trajectory_swing(0), Error);
}

TEST_CASE("perspective matches glm.perspective of the renderers") {
    CHECK(max_abs_diff(perspective(45.0f, 1.0f, 0.1f, 200.0f),
                       fixture_matrices("c6_perspective_n0p1_f200")[0]) <= 1e-6);
    CHECK(max_abs_diff(perspective(45.0f, 1.0f, 0.01f, 200.0f),
                       fixture_matrices("c6_perspective_n0p01_f200")[0]) <= 1e-6);
    // View z = -near maps to NDC -1 and z = -far to +1 (OpenGL, right-handed).
    const glm::mat4 p = perspective(60.0f, 1.5f, 0.5f, 50.0f);
    const glm::vec4 n = p * glm::vec4(0, 0, -0.5f, 1), f = p * glm::vec4(0, 0, -50.0f, 1);
    CHECK(n.z / n.w == doctest::Approx(-1.0).epsilon(1e-6));
    CHECK(f.z / f.w == doctest::Approx(1.0).epsilon(1e-6));
}

TEST_CASE("orbit pose: eye, camera centre and viewing direction") {
    OrbitPose pose;
    pose.yaw = 0.4f;
    pose.pitch = -0.2f;
    pose.radius = 2.5f;
    pose.target = glm::vec3(0.1f, -0.3f, 0.2f);
    const glm::vec3 eye = orbit_eye(pose);
    CHECK(glm::length(eye - pose.target) == doctest::Approx(2.5).epsilon(1e-6));
    CHECK(eye.y - pose.target.y == doctest::Approx(2.5 * std::sin(-0.2)).epsilon(1e-6));
    const glm::mat4 mv = orbit_modelview(pose);
    const glm::vec3 centre = camera_center(mv);
    CHECK(glm::length(centre - eye) <= 1e-5f);
    // The target lies on the optical axis (camera -z) at distance radius.
    const glm::vec4 t = mv * glm::vec4(pose.target, 1.0f);
    CHECK(std::fabs(t.x) <= 1e-5f);
    CHECK(std::fabs(t.y) <= 1e-5f);
    CHECK(t.z == doctest::Approx(-2.5).epsilon(1e-5));
    // yaw = pitch = 0 is the canonical lookAt((0,0,1), 0, +y) of IVID.
    CHECK(max_abs_diff(orbit_modelview(OrbitPose{}),
                       look_at({0, 0, 1}, {0, 0, 0}, {0, 1, 0})) == 0.0);
    CHECK(max_abs_diff(orbit_modelview(OrbitPose{}), glm::translate(glm::mat4(1.0f), {0, 0, -1})) <= 1e-7);
}

TEST_CASE("full orbit: evenly spaced yaw, last frame one step before the first") {
    const auto orbit = trajectory_orbit(8, 0.1f);
    REQUIRE(orbit.size() == 8);
    for (size_t i = 0; i < orbit.size(); ++i) {
        CHECK(orbit[i].yaw == doctest::Approx(2.0 * M_PI * i / 8).epsilon(1e-6));
        CHECK(orbit[i].pitch == doctest::Approx(0.1));
    }
    CHECK_THROWS_AS(trajectory_orbit(0, 0.0f), Error);
}

TEST_CASE("random viewset: seeded, front view first, sample.py's spread") {
    const auto a = viewset_random(4001, 7), b = viewset_random(4001, 7), c = viewset_random(4001, 8);
    REQUIRE(a.size() == 4001);
    CHECK(a[0].yaw == 0.0f);
    CHECK(a[0].pitch == 0.0f);
    bool same = true, differs = false;
    double yaw_sum = 0, yaw_sq = 0, pitch_sq = 0;
    for (size_t i = 1; i < a.size(); ++i) {
        same = same && a[i].yaw == b[i].yaw && a[i].pitch == b[i].pitch;
        differs = differs || a[i].yaw != c[i].yaw;
        yaw_sum += a[i].yaw;
        yaw_sq += double(a[i].yaw) * a[i].yaw;
        pitch_sq += double(a[i].pitch) * a[i].pitch;
    }
    CHECK(same);
    CHECK(differs);
    // yaw ~ N(0, 0.3^2), pitch ~ N(0, 0.15^2); 4000 draws give the std within ~3%.
    CHECK(std::fabs(yaw_sum / 4000) < 0.03);
    CHECK(std::sqrt(yaw_sq / 4000) == doctest::Approx(0.3).epsilon(0.05));
    CHECK(std::sqrt(pitch_sq / 4000) == doctest::Approx(0.15).epsilon(0.05));
    CHECK_THROWS_AS(viewset_random(0, 1), Error);
}

TEST_CASE("random trajectory: render.py's draws, clipped to its ranges, seeded") {
    const auto a = trajectory_random(4000, 7), b = trajectory_random(4000, 7);
    const auto unclipped = viewset_random(4001, 7);  // same generator and draw order, front view first
    REQUIRE(a.size() == 4000);
    int clipped_yaw = 0, clipped_pitch = 0;
    for (size_t i = 0; i < a.size(); ++i) {
        CHECK(a[i].yaw == b[i].yaw);
        CHECK(std::fabs(a[i].yaw) <= 0.6f);
        CHECK(std::fabs(a[i].pitch) <= 0.15f);
        // np.clip of the same normal draws: equal inside the range, the bound outside it.
        const float y = unclipped[i + 1].yaw, p = unclipped[i + 1].pitch;
        CHECK(a[i].yaw == doctest::Approx(std::clamp(y, -0.6f, 0.6f)));
        CHECK(a[i].pitch == doctest::Approx(std::clamp(p, -0.15f, 0.15f)));
        clipped_yaw += std::fabs(y) > 0.6f;
        clipped_pitch += std::fabs(p) > 0.15f;
    }
    // P(|N| > 2) = 4.6 %, P(|N| > 1) = 31.7 %: 4000 draws land well inside these bands.
    CHECK(clipped_yaw > 100);
    CHECK(clipped_yaw < 280);
    CHECK(clipped_pitch > 1100);
    CHECK(clipped_pitch < 1450);
    CHECK(trajectory_random(1, 8)[0].yaw != a[0].yaw);
    CHECK_THROWS_AS(trajectory_random(0, 1), Error);
}

TEST_CASE("random viewset with a pitch limit: draws again outside it, same poses until then") {
    const auto free = viewset_random(300, 1), limited = viewset_random(300, 1, 0.45);
    REQUIRE(limited.size() == 300);
    size_t first_outside = free.size();
    for (size_t i = 0; i < free.size() && first_outside == free.size(); ++i)
        if (std::fabs(free[i].pitch) > 0.45f) first_outside = i;
    REQUIRE(first_outside < free.size());  // seed 1 has a pose below the synthetic ground (pose 195)
    for (size_t i = 0; i < first_outside; ++i) CHECK(limited[i].yaw == free[i].yaw);
    for (const OrbitPose& pose : limited) CHECK(std::fabs(pose.pitch) <= 0.45f);
}

TEST_CASE("viewset by name") {
    CHECK(viewset_by_name("3x9").size() == 27);
    CHECK(viewset_by_name("random", 3).size() == 2);
    CHECK(viewset_by_name("random", 3)[1].yaw == viewset_random(2, 3)[1].yaw);
    try {
        viewset_by_name("4x4");
        FAIL("no error");
    } catch (const Error& e) {
        CHECK(std::string(e.what()).find("\"4x4\"") != std::string::npos);
    }
}

TEST_CASE("keyframe path: interpolation passes through keys and is smooth") {
    KeyframePath path;
    path.keys.push_back({0.0f, OrbitPose{0.0f, 0.0f, 1.0f, glm::vec3(0.0f)}});
    path.keys.push_back({1.0f, OrbitPose{0.5f, 0.1f, 1.2f, glm::vec3(0.1f, 0.0f, 0.0f)}});
    path.keys.push_back({3.0f, OrbitPose{-0.5f, -0.1f, 1.0f, glm::vec3(0.0f)}});
    // 7 frames over 0..3 s hit t = 0, 0.5, 1, ..., 3; frames 0, 2 and 6 are keys.
    const auto poses = trajectory_keyframes(path, 7);
    REQUIRE(poses.size() == 7);
    CHECK(poses[0].yaw == doctest::Approx(0.0));
    CHECK(poses[2].yaw == doctest::Approx(0.5));
    CHECK(poses[2].radius == doctest::Approx(1.2));
    CHECK(poses[2].target.x == doctest::Approx(0.1));
    CHECK(poses[6].yaw == doctest::Approx(-0.5));
    CHECK(poses[6].pitch == doctest::Approx(-0.1));
    // Between keys the value stays between neighbouring keys' range (no wild overshoot).
    CHECK(poses[1].yaw > 0.0f);
    CHECK(poses[1].yaw < 0.5f);
    // Linear key data gives linear interpolation (Catmull-Rom reproduces straight lines).
    KeyframePath line;
    for (int i = 0; i < 4; ++i)
        line.keys.push_back({float(i), OrbitPose{0.2f * i, 0.0f, 1.0f, glm::vec3(0.0f)}});
    const auto lin = trajectory_keyframes(line, 13);
    for (int f = 0; f < 13; ++f) CHECK(lin[f].yaw == doctest::Approx(0.2 * 3 * f / 12).epsilon(1e-5));
    // One key: a still camera.
    KeyframePath still;
    still.keys.push_back({2.0f, OrbitPose{0.3f, 0.0f, 1.0f, glm::vec3(0.0f)}});
    for (const auto& p : trajectory_keyframes(still, 3)) CHECK(p.yaw == 0.3f);
    CHECK_THROWS_AS(trajectory_keyframes(KeyframePath{}, 5), Error);
}

TEST_CASE("keyframe JSON round trip and validation errors") {
    test::TempDir dir;
    KeyframePath path;
    path.keys.push_back({0.0f, OrbitPose{0.1f, 0.05f, 1.0f, glm::vec3(0.0f)}});
    path.keys.push_back({2.5f, OrbitPose{-0.3f, 0.12f, 1.4f, glm::vec3(0.01f, -0.02f, 0.03f)}});
    const fs::path file = dir.path / "path.json";
    save_keyframes(path, file);
    const KeyframePath back = load_keyframes(file);
    REQUIRE(back.keys.size() == 2);
    for (size_t i = 0; i < 2; ++i) {
        CHECK(back.keys[i].time == path.keys[i].time);
        CHECK(back.keys[i].pose.yaw == path.keys[i].pose.yaw);
        CHECK(back.keys[i].pose.pitch == path.keys[i].pose.pitch);
        CHECK(back.keys[i].pose.radius == path.keys[i].pose.radius);
        CHECK(back.keys[i].pose.target == path.keys[i].pose.target);
    }
    // Atomic save: no temporary file is left next to the target.
    int entries = 0;
    for (const auto& e : fs::directory_iterator(dir.path)) entries += e.is_regular_file();
    CHECK(entries == 1);

    const std::string head = R"({"format": "ivid-keyframes", "version": 1, "keyframes": )";
    const auto malformed = file_with(dir, "malformed.json", head + "[{\"time\": 0,");
    CHECK(load_error(malformed).find("malformed.json") != std::string::npos);
    CHECK(load_error(malformed).find("malformed JSON") != std::string::npos);

    const auto no_yaw = file_with(dir, "no_yaw.json",
                                  head + R"([{"time": 0, "pitch": 0, "radius": 1, "target": [0,0,0]}]})");
    CHECK(load_error(no_yaw).find("no_yaw.json") != std::string::npos);
    CHECK(load_error(no_yaw).find("keyframes[0].yaw") != std::string::npos);

    const auto bad_target = file_with(dir, 
        "bad_target.json", head + R"([{"time": 0, "yaw": 0, "pitch": 0, "radius": 1, "target": [0,0]}]})");
    CHECK(load_error(bad_target).find("keyframes[0].target") != std::string::npos);

    const auto backwards = file_with(dir, "backwards.json", head + R"([
        {"time": 1, "yaw": 0, "pitch": 0, "radius": 1, "target": [0,0,0]},
        {"time": 1, "yaw": 0.2, "pitch": 0, "radius": 1, "target": [0,0,0]}]})");
    CHECK(load_error(backwards).find("backwards.json") != std::string::npos);
    CHECK(load_error(backwards).find("keyframes[1].time") != std::string::npos);

    const auto wrong_format = file_with(dir, "wrong_format.json", R"({"format": "other", "version": 1, "keyframes": []})");
    CHECK(load_error(wrong_format).find("format") != std::string::npos);
    // Found by fuzz_keyframes: a non-string format escaped as nlohmann's type_error.
    const auto number_format = file_with(dir, "number_format.json", R"({"format": 0.5, "version": 1, "keyframes": []})");
    CHECK(load_error(number_format) == number_format.string() + ": format: expected \"ivid-keyframes\", found 0.5");

    const auto empty = file_with(dir, "empty.json", head + "[]}");
    CHECK(load_error(empty).find("at least one keyframe") != std::string::npos);

    const std::string missing = load_error(dir.path / "missing.json");
    CHECK(missing.find("missing.json") != std::string::npos);

    // Saving an invalid path is refused and leaves nothing behind.
    KeyframePath invalid = path;
    invalid.keys[1].time = -1.0f;
    CHECK_THROWS_AS(save_keyframes(invalid, dir.path / "invalid.json"), Error);
    CHECK_FALSE(fs::exists(dir.path / "invalid.json"));
}

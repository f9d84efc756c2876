// Turntable export through the fusion renderer (needs a display or EGL: `make test` runs it under
// Xvfb): the MP4 decodes to the right number and size of frames, each close to a direct render at
// its pose; the PNG sequence is that render exactly; the depth MP4 is the colourised depth; the
// float-depth folders hold the renderer's linear depth exactly (EXR Z) and in millimetres (PNG);
// cancelling, failing and refusing leave no partial file; ExportSettings JSON round-trips.
#include <doctest/doctest.h>

#include <cmath>
#include <fstream>

#include <opencv2/videoio.hpp>

#include "core/export/float_depth.hpp"
#include "core/image/colormap.hpp"
#include "core/image/exr_depth.hpp"
#include "core/image/image_io.hpp"
#include "core/image/png_sequence_writer.hpp"
#include "core/scene/synth_render.hpp"
#include "render/headless_context.hpp"
#include "render/turntable_exporter.hpp"
#include "tests/test_support.hpp"

using namespace ivid;
using ivid::test::contains;
using ivid::test::entries_in;
using ivid::test::message_of;
using ivid::test::TempDir;
namespace fs = std::filesystem;

namespace {

constexpr int kWidth = 96, kHeight = 64, kFrames = 6;

// One context, one renderer holding a small synthetic ground-truth scene (27 views of 32x32).
struct Fixture {
    HeadlessContext context;
    Scene scene;
    FusionRenderer renderer;
    Fixture() {
        synth::SynthSettings synth;
        synth.seed = 13;
        synth.poses = viewset_3x9();
        synth.image_size = 32;
        synth.samples_per_pixel = 1;
        scene = synth::render_synthetic_scene(synth);
        renderer.set_scene(scene);
    }
};

Fixture& fixture() {
    static Fixture f;
    return f;
}

ExportSettings swing_settings(const fs::path& dir) {
    ExportSettings s;
    s.trajectory.frames = kFrames;
    s.width = kWidth;
    s.height = kHeight;
    s.fps = 12;
    s.video = dir / "turntable.mp4";
    return s;
}

void run_to_end(TurntableExporter& exporter) {
    while (exporter.step()) {
    }
}

ImageU8 direct_render(const OrbitPose& pose, const FusionRenderSettings& settings) {
    fixture().renderer.render(orbit_modelview(pose), kWidth, kHeight, settings);
    return to_u8_truncate(fixture().renderer.read_color());
}

std::vector<ImageU8> decode(const fs::path& video) {
    cv::VideoCapture cap(video.string(), cv::CAP_FFMPEG);
    REQUIRE(cap.isOpened());
    std::vector<ImageU8> frames;
    cv::Mat bgr;
    while (cap.read(bgr)) {
        REQUIRE(bgr.type() == CV_8UC3);
        ImageU8 rgb(bgr.cols, bgr.rows, 3);
        for (int r = 0; r < bgr.rows; ++r)
            for (int c = 0; c < bgr.cols; ++c)
                for (int ch = 0; ch < 3; ++ch) rgb.at(r, c, ch) = bgr.at<cv::Vec3b>(r, c)[2 - ch];
        frames.push_back(rgb);
    }
    return frames;
}

double mean_abs_levels(const ImageU8& a, const ImageU8& b) {
    REQUIRE(a.data.size() == b.data.size());
    double sum = 0.0;
    for (size_t i = 0; i < a.data.size(); ++i) sum += std::abs(int(a.data[i]) - int(b.data[i]));
    return sum / double(a.data.size());
}

}  // namespace

TEST_CASE("an exported MP4 and PNG sequence hold the direct renders along the swing") {
    TempDir tmp;
    ExportSettings s = swing_settings(tmp.path);
    s.png_dir = tmp.path / "frames";
    s.depth_video = tmp.path / "depth.mp4";
    s.render.blend_mode = BlendMode::Ivid;
    TurntableExporter exporter(fixture().renderer, fixture().scene, s);
    CHECK(exporter.frame_count() == kFrames);
    int steps = 0;
    while (exporter.step()) {
        ++steps;
        CHECK(exporter.progress() == doctest::Approx(double(steps) / kFrames));
        CHECK(entries_in(tmp.path) == 3);  // three hidden temporary outputs, nothing at the targets
        CHECK(!fs::exists(s.video));
    }
    CHECK(exporter.finished());
    CHECK(exporter.codec_note().empty());
    CHECK(entries_in(tmp.path) == 3);
    CHECK(entries_in(s.png_dir) == kFrames);

    const std::vector<ImageU8> video = decode(s.video), depth = decode(s.depth_video);
    REQUIRE(video.size() == size_t(kFrames));
    REQUIRE(depth.size() == size_t(kFrames));
    CHECK(video[0].width == kWidth);
    CHECK(video[0].height == kHeight);
    const std::vector<OrbitPose> poses = trajectory_swing(kFrames);
    const std::array<float, 2> range = [] {
        float lo = 1e9f, hi = 0.0f;
        for (const View& v : fixture().scene.views)
            for (float z : v.depth.data) lo = std::min(lo, z), hi = std::max(hi, z);
        return std::array<float, 2>{lo, hi};
    }();
    for (int i = 0; i < kFrames; ++i) {
        CAPTURE(i);
        const ImageU8 direct = direct_render(poses[size_t(i)], s.render);
        // The PNG is lossless: exactly the direct render.
        CHECK(read_image_u8(s.png_dir / PngSequenceWriter::frame_name(i), 3).data == direct.data);
        // H.264 is lossy. Tolerance 6 levels of mean absolute error over all channels (measured
        // 3.8-4.3 on these small, detailed frames); the next pose of the swing differs by 17-22.
        const double error = mean_abs_levels(video[size_t(i)], direct);
        CHECK(error < 6.0);
        const ImageU8 other = direct_render(poses[size_t((i + 1) % kFrames)], s.render);
        if (i != kFrames - 1 && i != 0) CHECK(mean_abs_levels(video[size_t(i)], other) > 8.0);
        // Depth MP4: the colourised linear depth of the same render over the scene's depth range.
        // Saturated colours with hard edges lose more to 4:2:0 chroma: measured 5.5-6.6 levels,
        // tolerance 10; a viridis map instead of turbo differs by 77-84.
        fixture().renderer.render(orbit_modelview(poses[size_t(i)]), kWidth, kHeight, s.render);
        const Image z = fixture().renderer.read_depth();
        ImageU8 has_depth(kWidth, kHeight, 1);
        for (size_t p = 0; p < z.pixel_count(); ++p) has_depth.data[p] = z.data[p] > 0.0f ? 255 : 0;
        const ValueRange depth_range{range[0], range[1]};
        CHECK(mean_abs_levels(depth[size_t(i)], colorize(z, Colormap::Turbo, depth_range, &has_depth)) < 10.0);
        CHECK(mean_abs_levels(depth[size_t(i)], colorize(z, Colormap::Viridis, depth_range, &has_depth)) > 30.0);
    }
}

TEST_CASE("float-depth folders hold every frame's linear depth: EXR Z exactly, 16-bit PNG in millimetres") {
    TempDir tmp;
    ExportSettings s = swing_settings(tmp.path);
    s.video.clear();
    s.png_dir = tmp.path / "frames";
    s.depth_exr_dir = tmp.path / "exr";
    s.depth_png16_dir = tmp.path / "mm";
    {
        TurntableExporter exporter(fixture().renderer, fixture().scene, s);
        while (exporter.step()) CHECK(entries_in(tmp.path) == 3);  // temporaries only
        CHECK(exporter.outputs().size() == 3);
    }
    CHECK(entries_in(s.depth_exr_dir) == kFrames);
    CHECK(entries_in(s.depth_png16_dir) == kFrames);
    const std::vector<OrbitPose> poses = trajectory_swing(kFrames);
    for (int i = 0; i < kFrames; ++i) {
        CAPTURE(i);
        fixture().renderer.render(orbit_modelview(poses[size_t(i)]), kWidth, kHeight, s.render);
        const Image z = fixture().renderer.read_depth();
        const Image exr = read_exr_z(s.depth_exr_dir / FrameFolder::frame_name(i, ".exr"));
        REQUIRE(exr.width == kWidth);
        REQUIRE(exr.height == kHeight);
        CHECK(exr.data == z.data);  // float32, lossless
        const Image mm = read_png16(s.depth_png16_dir / FrameFolder::frame_name(i, ".png"));
        REQUIRE(mm.data.size() == z.data.size());
        size_t surface = 0, mismatched = 0;
        for (size_t p = 0; p < z.data.size(); ++p) {
            surface += z.data[p] > 0.0f;
            // The PNG is the EXR rounded to millimetres; 0 (nothing drawn) stays 0.
            mismatched += mm.data[p] != float(std::lround(double(exr.data[p]) * 1000.0));
        }
        CHECK(mismatched == 0);
        CHECK(surface > z.data.size() / 4);  // the scene is in the frame
    }
}

TEST_CASE("cancelling an export with depth folders leaves none; existing folders need overwrite") {
    TempDir tmp;
    ExportSettings s = swing_settings(tmp.path);
    s.depth_exr_dir = tmp.path / "exr";
    s.depth_png16_dir = tmp.path / "mm";
    {
        TurntableExporter exporter(fixture().renderer, fixture().scene, s);
        exporter.step();
        exporter.cancel();
    }
    CHECK(entries_in(tmp.path) == 0);
    fs::create_directory(s.depth_png16_dir);
    CHECK(contains(message_of([&] { TurntableExporter e(fixture().renderer, fixture().scene, s); }),
                   "mm: already exists (use --force"));
    CHECK(entries_in(tmp.path) == 1);
    s.depth_exr_dir = "/proc/ivid-depth";
    CHECK(contains(message_of([&] { TurntableExporter e(fixture().renderer, fixture().scene, s); }),
                   "/proc/ivid-depth: cannot write into folder /proc"));
}

TEST_CASE("a cancelled, destroyed or failed export leaves no file") {
    TempDir tmp;
    ExportSettings s = swing_settings(tmp.path);
    s.png_dir = tmp.path / "frames";
    {
        TurntableExporter exporter(fixture().renderer, fixture().scene, s);
        exporter.step();
        exporter.step();
        exporter.cancel();
        CHECK(entries_in(tmp.path) == 0);
        CHECK(contains(message_of([&] { exporter.step(); }), "after the export finished or was cancelled"));
    }
    {
        TurntableExporter exporter(fixture().renderer, fixture().scene, s);
        exporter.step();
    }
    CHECK(entries_in(tmp.path) == 0);
    {
        // A write that fails mid-way (the PNG sequence's temporary folder vanished) removes every
        // temporary output, the MP4 included.
        TurntableExporter exporter(fixture().renderer, fixture().scene, s);
        exporter.step();
        for (const auto& entry : fs::directory_iterator(tmp.path))
            if (entry.is_directory()) fs::remove_all(entry.path());
        CHECK(contains(message_of([&] { exporter.step(); }), "frame_00001.png"));
        CHECK(!exporter.finished());
    }
    CHECK(entries_in(tmp.path) == 0);
}

TEST_CASE("exports refuse existing outputs and unwritable folders, naming the path") {
    TempDir tmp;
    ExportSettings s = swing_settings(tmp.path);
    ivid::test::write_bytes(s.video, "old");
    CHECK(contains(message_of([&] { TurntableExporter e(fixture().renderer, fixture().scene, s); }),
                   "turntable.mp4: already exists (use --force"));
    CHECK(ivid::read_text_file(s.video) == "old");
    s.overwrite = true;
    s.trajectory.frames = 2;
    {
        TurntableExporter exporter(fixture().renderer, fixture().scene, s);
        run_to_end(exporter);
    }
    CHECK(decode(s.video).size() == 2);
    // A folder that refuses new files even for root: a path below a regular file, and /proc.
    s.video = s.video / "sub.mp4";
    CHECK(contains(message_of([&] { TurntableExporter e(fixture().renderer, fixture().scene, s); }),
                   "turntable.mp4 is not a folder"));
    s.video = "/proc/ivid-turntable.mp4";
    CHECK(contains(message_of([&] { TurntableExporter e(fixture().renderer, fixture().scene, s); }),
                   "/proc/ivid-turntable.mp4: cannot write into folder /proc"));
    CHECK(entries_in(tmp.path) == 1);
}

TEST_CASE("ExportSettings: JSON round trip, defaults for missing keys, errors naming the key") {
    ExportSettings s;
    s.trajectory.kind = TrajectoryKind::Keyframes;
    s.trajectory.keyframes_file = "path.json";
    s.trajectory.frames = 48;
    s.fps = 24;
    s.width = 1280;
    s.height = 720;
    s.render.blend_mode = BlendMode::Ivid;
    s.render.supersampling = 2;
    s.video = "a.mp4";
    s.png_dir = "frames";
    s.depth_video = "d.mp4";
    s.depth_exr_dir = "depth_exr";
    s.depth_png16_dir = "depth_mm";
    s.depth_colormap = Colormap::Viridis;
    s.depth_range = std::array<float, 2>{0.7f, 4.0f};
    nlohmann::json j;
    to_json(j, s);
    ExportSettings back;
    from_json(j, back);
    nlohmann::json again;
    to_json(again, back);
    CHECK(again == j);
    CHECK(back.depth_range.has_value());
    CHECK(back.depth_exr_dir == "depth_exr");
    CHECK(back.depth_png16_dir == "depth_mm");
    CHECK(back.render.supersampling == 2);
    s.trajectory.kind = TrajectoryKind::Random;
    s.trajectory.random_seed = 12;
    to_json(j, s);
    from_json(j, back);
    CHECK(back.trajectory.kind == TrajectoryKind::Random);
    CHECK(back.trajectory.random_seed == 12);
    CHECK(trajectory_poses(back.trajectory).size() == 48);

    ExportSettings partial;
    from_json(nlohmann::json{{"frames", 10}, {"video", "x.mp4"}}, partial);
    CHECK(partial.trajectory.frames == 10);
    CHECK(partial.width == 512);
    CHECK(partial.trajectory.kind == TrajectoryKind::Swing);

    auto error = [](const nlohmann::json& j) {
        return message_of([&] {
            ExportSettings t;
            t.video = "x.mp4";
            from_json(j, t);
        });
    };
    CHECK(contains(error({{"size", {641, 480}}}), "export settings: size: expected even width and height"));
    CHECK(contains(error({{"size", {640}}}), "size: expected an array of 2 items"));
    CHECK(contains(error({{"frames", "ten"}}), "frames: expected an integer"));
    CHECK(contains(error({{"frames", 0}}), "frames: expected 1..100000, found 0"));
    CHECK(contains(error({{"trajectory", "spiral"}}), "trajectory: expected \"swing\", \"orbit\", \"keyframes\" or \"random\""));
    CHECK(contains(error({{"trajectory", "keyframes"}}), "keyframes_file: expected a keyframe JSON file"));
    CHECK(contains(error({{"video", "a.avi"}}), "video: expected a .mp4 file"));
    CHECK(contains(error({{"video", ""}}), "expected an output (video or png_dir)"));
    CHECK(contains(error({{"depth_exr_dir", "z.exr"}}), "depth_exr_dir: expected a folder name without extension"));
    CHECK(contains(error({{"depth_range", {3, 1}}}), "depth_range: expected finite lo < hi"));
    CHECK(contains(error({{"render", {{"supersampling", 9}}}}), "supersampling"));
    CHECK(contains(error(nlohmann::json::array()), "expected an object"));
}

TEST_CASE("trajectory poses: swing and orbit scaled by the radius, keyframes from their file") {
    TempDir tmp;
    ExportSettings s;
    s.video = "x.mp4";
    s.trajectory.frames = 5;
    s.trajectory.radius = 0.8f;
    const auto swing = trajectory_poses(s.trajectory);
    REQUIRE(swing.size() == 5);
    CHECK(swing[0].yaw == doctest::Approx(0.6f));
    CHECK(swing[0].radius == doctest::Approx(0.8f));
    s.trajectory.kind = TrajectoryKind::Orbit;
    s.trajectory.orbit_pitch = 0.2f;
    CHECK(trajectory_poses(s.trajectory)[3].pitch == doctest::Approx(0.2f));
    s.trajectory.kind = TrajectoryKind::Keyframes;
    s.trajectory.keyframes_file = tmp.path / "path.json";
    KeyframePath path;
    path.keys = {{0.0f, OrbitPose{-0.3f, 0.0f, 1.0f, glm::vec3(0.0f)}}, {1.0f, OrbitPose{0.3f, 0.1f, 0.9f, glm::vec3(0.0f)}}};
    save_keyframes(path, s.trajectory.keyframes_file);
    const auto keyed = trajectory_poses(s.trajectory);
    CHECK(keyed.front().yaw == doctest::Approx(-0.3f));
    CHECK(keyed.back().yaw == doctest::Approx(0.3f));
    ivid::test::write_bytes(s.trajectory.keyframes_file, "{\"format\": ");
    CHECK(contains(message_of([&] { trajectory_poses(s.trajectory); }), "path.json"));
}

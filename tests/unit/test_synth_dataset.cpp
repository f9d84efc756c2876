// write_synth_dataset: the listing, determinism across thread counts, agreement with a direct
// render, the round trip through RgbdDataset, and refusals.
#include <doctest/doctest.h>

#include <cmath>

#include <nlohmann/json.hpp>

#include "core/dataset/rgbd_dataset.hpp"
#include "core/dataset/synth_dataset.hpp"
#include "core/geometry/camera.hpp"
#include "core/geometry/depth.hpp"
#include "core/image/image_io.hpp"
#include "core/scene/synth_render.hpp"
#include "tests/test_support.hpp"

using namespace ivid;
using namespace ivid::dataset;
using ivid::test::contains;
using ivid::test::message_of;
using ivid::test::TempDir;
namespace fs = std::filesystem;

namespace {

SynthDatasetSettings small_settings(int threads) {
    SynthDatasetSettings s;
    s.count = 6;
    s.image_size = 32;
    s.first_seed = 3;
    s.last_seed = 4;
    s.pose_seed = 11;
    s.samples_per_pixel = 1;
    s.threads = threads;
    return s;
}

std::vector<fs::path> files_under(const fs::path& root) {
    std::vector<fs::path> out;
    for (const auto& e : fs::recursive_directory_iterator(root))
        if (e.is_regular_file()) out.push_back(fs::relative(e.path(), root));
    std::sort(out.begin(), out.end());
    return out;
}

}  // namespace

TEST_CASE("synth dataset: byte-identical for 1 and 3 threads, listing as documented, loads back exactly") {
    TempDir tmp;
    int done = 0;
    write_synth_dataset(small_settings(1), tmp.path / "one", false, [&] { ++done; });
    CHECK(done == 6);
    write_synth_dataset(small_settings(3), tmp.path / "three", false);
    const std::vector<fs::path> files = files_under(tmp.path / "one");
    CHECK(files.size() == 13);  // 6 PNG, 6 EXR, dataset.json
    CHECK(files == files_under(tmp.path / "three"));
    for (const fs::path& f : files) {
        CAPTURE(f);
        CHECK(read_text_file(tmp.path / "one" / f) == read_text_file(tmp.path / "three" / f));
    }
    CHECK(ivid::test::entries_in(tmp.path) == 2);  // no temporary folder left behind

    const fs::path root = tmp.path / "one";
    const auto info = nlohmann::json::parse(read_text_file(root / "dataset.json"));
    CHECK(info["version"] == 1);
    CHECK(info["generator"] == "ivid synth-dataset");
    CHECK(info["image_size"] == 32);
    CHECK(info["fov_deg"].get<double>() == 45.0);
    CHECK(info["near"].get<double>() == 0.6);
    CHECK(info["far"].get<double>() == 5.0);
    REQUIRE(info["images"].size() == 6);
    for (int i = 0; i < 6; ++i) {
        const auto& e = info["images"][size_t(i)];
        char name[8];
        std::snprintf(name, sizeof name, "%06d", i);
        CHECK(e["image"] == std::string("images/") + name + ".png");
        CHECK(e["depth"] == std::string("depths/") + name + ".exr");
        CHECK(e["world_seed"] == 3 + i % 2);
        CHECK(std::fabs(e["pitch"].get<double>()) <= 0.2);
        CHECK(e["yaw"].get<double>() >= -M_PI);
        CHECK(e["yaw"].get<double>() < M_PI);
    }
    // Poses differ between images (drawn per image, not repeated per world).
    CHECK(info["images"][0]["yaw"] != info["images"][2]["yaw"]);

    // Image 5's depth is the world's exact depth at the listed pose (depth has no jitter).
    const auto& e5 = info["images"][5];
    OrbitPose pose;
    pose.yaw = e5["yaw"].get<float>();
    pose.pitch = e5["pitch"].get<float>();
    const synth::SynthImage direct =
        synth::render_synth_view(synth::make_synth_world(4), orbit_modelview(pose), 32, 45.0f, 1, 0);
    const Image exr = read_exr(root / "depths" / "000005.exr");
    CHECK(exr.data == direct.depth.data);

    // Round trip: RgbdDataset reads the listing; depth is zbuffer_from_linear of the EXR.
    RgbdDataset ds(root);
    REQUIRE(ds.size() == 6);
    for (size_t i = 0; i < ds.size(); ++i) {
        const RgbdSample s = ds.load(i, 32, DepthEncoding{});
        const Image linear = read_exr(ds.entry(i).depth);
        const ImageU8 colour = read_image_u8(ds.entry(i).image, 3, true);
        double worst = 0.0;
        bool colour_equal = true;
        for (int r = 0; r < 32; ++r)
            for (int c = 0; c < 32; ++c) {
                worst = std::max(worst, double(std::fabs(s.rgbd.at(r, c, 3) - zbuffer_from_linear(linear.at(r, c), 0.6f, 5.0f))));
                for (int ch = 0; ch < 3; ++ch) colour_equal &= s.rgbd.at(r, c, ch) == colour.at(r, c, ch) / 255.0f;
            }
        CHECK(worst <= 1e-6);
        CHECK(colour_equal);
    }
}

TEST_CASE("synth dataset refuses an existing folder (nothing lost) and bad settings") {
    TempDir tmp;
    const fs::path out = tmp.path / "ds";
    fs::create_directories(out);
    write_text_atomically(out / "keep.txt", "precious");
    CHECK(contains(message_of([&] { write_synth_dataset(small_settings(1), out, false); }),
                   out.string() + ": already exists (use --force"));
    CHECK(read_text_file(out / "keep.txt") == "precious");
    CHECK(ivid::test::entries_in(tmp.path) == 1);
    write_synth_dataset(small_settings(2), out, true);
    CHECK_FALSE(fs::exists(out / "keep.txt"));
    CHECK(fs::exists(out / "dataset.json"));

    auto bad = [&](auto change) {
        SynthDatasetSettings s = small_settings(1);
        change(s);
        return message_of([&] { write_synth_dataset(s, tmp.path / "bad", false); });
    };
    CHECK(bad([](auto& s) { s.count = 0; }) == "synth-dataset: count: expected 1..1000000, found 0");
    CHECK(bad([](auto& s) { s.first_seed = 5; s.last_seed = 4; }) == "synth-dataset: seed range: expected first <= last, found 5-4");
    CHECK(bad([](auto& s) { s.image_size = 4; }) == "synth-dataset: image size: expected 8..4096, found 4");
    CHECK(bad([](auto& s) { s.samples_per_pixel = 0; }) == "synth-dataset: samples per pixel: expected 1..256, found 0");
    CHECK(bad([](auto& s) { s.threads = -1; }) == "synth-dataset: threads: expected >= 0 (0: every usable core), found -1");
    CHECK(contains(message_of([&] { write_synth_dataset(small_settings(1), tmp.path / "no" / "such", false); }),
                   (tmp.path / "no").string()));
    CHECK_FALSE(fs::exists(tmp.path / "bad"));
}

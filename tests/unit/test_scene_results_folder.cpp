// The results folder for FID/KID tools (IVID's results/ layout): names as sample.py gives them,
// one image per view written whole, and folders that cannot take the images refused up front.
#include <doctest/doctest.h>

#include <algorithm>

#include "core/image/image_io.hpp"
#include "core/scene/results_folder.hpp"
#include "tests/test_support.hpp"

using namespace ivid;
using namespace ivid::test;
namespace fs = std::filesystem;

namespace {

Scene scene_of(uint64_t seed, std::optional<int> class_label, uint8_t shade) {
    Scene s;
    s.image_size = 4;
    for (int i = 0; i < 3; ++i) {
        View v;
        v.color = ImageU8(4, 4, 3, uint8_t(shade + i));
        s.views.push_back(v);
    }
    s.provenance.seed = seed;
    s.provenance.class_label = class_label;
    return s;
}

std::vector<std::string> entries(const fs::path& dir) {
    std::vector<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.push_back(e.path().filename().string());
    std::sort(names.begin(), names.end());
    return names;
}

}  // namespace

TEST_CASE("results images: sample.py's names, a view tag added") {
    CHECK(results_image_name(42, 88, 0) == "rgb_class088_seed00042_view000.png");
    CHECK(results_image_name(42, std::nullopt, 26) == "rgb_seed00042_view026.png");
    CHECK(results_image_name(1234567, 999, 254) == "rgb_class999_seed1234567_view254.png");  // wider, as Python's :05d
    const auto paths = results_image_paths("res", 3, 1, 2);
    REQUIRE(paths.size() == 2);
    CHECK(paths[1] == fs::path("res") / "rgb_class001_seed00003_view001.png");
}

TEST_CASE("results images: every view's colour, nothing else left, replaced on rewrite") {
    TempDir tmp;
    const fs::path dir = tmp.path / "a" / "results";
    write_results_images(scene_of(7, 3, 10), dir);
    CHECK(entries(dir) == std::vector<std::string>{"rgb_class003_seed00007_view000.png", "rgb_class003_seed00007_view001.png",
                                                   "rgb_class003_seed00007_view002.png"});
    const ImageU8 back = read_image_u8(dir / "rgb_class003_seed00007_view002.png", 3, true);
    CHECK(back.data == ImageU8(4, 4, 3, uint8_t(12)).data);
    write_results_images(scene_of(7, 3, 50), dir);
    CHECK(read_image_u8(dir / "rgb_class003_seed00007_view000.png", 3, true).data == ImageU8(4, 4, 3, uint8_t(50)).data);
    write_results_images(scene_of(8, std::nullopt, 0), dir);
    CHECK(entries(dir).size() == 6);
    Scene unnamed = scene_of(1, 1, 0);
    unnamed.provenance.seed.reset();
    CHECK(contains(message_of([&] { write_results_images(unnamed, dir); }), "without a seed"));
}

TEST_CASE("results folder: checked before any work, nothing created") {
    TempDir tmp;
    CHECK(message_of([&] { require_results_folder(tmp.path / "new" / "results"); }) == "");
    CHECK_FALSE(fs::exists(tmp.path / "new"));
    CHECK(message_of([&] { require_results_folder(tmp.path); }) == "");
    CHECK(entries(tmp.path).empty());  // the probe file is gone
    write_bytes(tmp.path / "file", "x");
    CHECK(contains(message_of([&] { require_results_folder(tmp.path / "file" / "results"); }), "file is not a folder"));
    CHECK(contains(message_of([&] { require_results_folder(tmp.path / "file"); }), "is not a folder"));
    CHECK(contains(message_of([&] { require_results_folder(""); }), "expected a folder name"));
}

// RgbdDataset: both folder layouts and listings, every depth file kind against float64
// references, IVID's resize + centre crop, class labels, the .npz zip reader, and bad input.
#include <doctest/doctest.h>

#include <cmath>
#include <limits>

#include <opencv2/imgcodecs.hpp>

#include "core/dataset/resize_crop.hpp"
#include "core/dataset/rgbd_dataset.hpp"
#include "core/geometry/depth.hpp"
#include "core/image/image_io.hpp"
#include "core/image/npy.hpp"
#include "core/raster/pil_resample.hpp"
#include "core/util/zip_archive.hpp"
#include "tests/test_support.hpp"

using namespace ivid;
using namespace ivid::dataset;
using ivid::test::contains;
using ivid::test::message_of;
using ivid::test::TempDir;
namespace fs = std::filesystem;

namespace {

const fs::path kNpzFixtures = fs::path(IVID_FIXTURES_DIR) / "dataset";
const DepthEncoding kEncoding;  // near 0.6, far 5

// A colour image whose every pixel differs: (r, c) -> (7r + 3c, 5r, 11c) mod 256.
ImageU8 pattern(int width, int height) {
    ImageU8 img(width, height, 3);
    for (int r = 0; r < height; ++r)
        for (int c = 0; c < width; ++c) {
            img.at(r, c, 0) = uint8_t((7 * r + 3 * c) % 256);
            img.at(r, c, 1) = uint8_t((5 * r) % 256);
            img.at(r, c, 2) = uint8_t((11 * c) % 256);
        }
    return img;
}

// Linear depth 0.7 + 0.01 (r * width + c): distinct per pixel, inside [near, far].
Image depth_ramp(int width, int height) {
    Image d(width, height, 1);
    for (int r = 0; r < height; ++r)
        for (int c = 0; c < width; ++c) d.at(r, c) = 0.7f + 0.01f * float(r * width + c);
    return d;
}

void make_dirs(const fs::path& root, const std::string& sub = "") {
    fs::create_directories(root / "images" / sub);
    fs::create_directories(root / "depths" / sub);
}

// The float64 z_buffer of a linear depth (depth.hpp's definition).
double zbuffer64(double z, double near, double far) {
    z = std::clamp(z, near, far);
    return (1.0 / near - 1.0 / z) / (1.0 / near - 1.0 / far);
}

void check_depth_channel(const RgbdSample& s, const Image& linear_cropped, double tolerance) {
    REQUIRE(s.rgbd.width == linear_cropped.width);
    for (int r = 0; r < s.rgbd.height; ++r)
        for (int c = 0; c < s.rgbd.width; ++c)
            CHECK(std::fabs(s.rgbd.at(r, c, 3) - zbuffer64(linear_cropped.at(r, c), kEncoding.near, kEncoding.far)) <=
                  tolerance);
}

}  // namespace

TEST_CASE("resize + centre crop geometry follows torchvision (shorter side, int(), round half to even)") {
    auto g = resize_crop_geometry(48, 32, 16);
    CHECK(g.resized_width == 24);
    CHECK(g.resized_height == 16);
    CHECK(g.left == 4);
    CHECK(g.top == 0);
    g = resize_crop_geometry(32, 48, 16);
    CHECK((g.resized_width == 16 && g.resized_height == 24 && g.left == 0 && g.top == 4));
    CHECK(resize_crop_geometry(4, 3, 3).left == 0);   // round(0.5) = 0
    CHECK(resize_crop_geometry(6, 3, 3).left == 2);   // round(1.5) = 2
    CHECK(resize_crop_geometry(5, 3, 3).left == 1);
    CHECK(resize_crop_geometry(100, 30, 7).resized_width == 23);  // int(7 * 100 / 30) = int(23.33)
    CHECK(contains(message_of([] { resize_crop_geometry(0, 3, 3); }), "expected positive"));
}

TEST_CASE("a 48x32 image loads at 16: Pillow Lanczos colour, nearest depth, both cropped at column 4") {
    TempDir tmp;
    make_dirs(tmp.path);
    const ImageU8 colour = pattern(48, 32);
    const Image linear = depth_ramp(48, 32);
    write_png(tmp.path / "images" / "a.png", colour);
    write_exr(tmp.path / "depths" / "a.exr", linear);
    RgbdDataset ds(tmp.path);
    REQUIRE(ds.size() == 1);
    CHECK(ds.entry(0).depth_kind == DepthFileKind::LinearExr);
    CHECK_FALSE(ds.entry(0).label.has_value());
    CHECK(ds.class_names().empty());
    const RgbdSample s = ds.load(0, 16, kEncoding);
    REQUIRE((s.rgbd.width == 16 && s.rgbd.height == 16 && s.rgbd.channels == 4));

    const ImageU8 resized = resize_lanczos_pil(colour, 24, 16);
    for (int r = 0; r < 16; ++r)
        for (int c = 0; c < 16; ++c)
            for (int ch = 0; ch < 3; ++ch) CHECK(s.rgbd.at(r, c, ch) == float(resized.at(r, c + 4, ch)) / 255.0f);
    // Nearest with scale 2: output (r, c) of the 24x16 image samples (2r + 1, 2(c + 4) + 1).
    Image expected(16, 16, 1);
    for (int r = 0; r < 16; ++r)
        for (int c = 0; c < 16; ++c) expected.at(r, c) = linear.at(2 * r + 1, 2 * c + 9);
    check_depth_channel(s, expected, 1e-6);
    CHECK(std::fabs(s.rgbd.at(0, 0, 3) - zbuffer64(0.7 + 0.01 * (1 * 48 + 9), 0.6, 5.0)) <= 1e-6);
}

TEST_CASE("depth kinds: 16-bit PNG millimetres and .npy linear depth") {
    TempDir tmp;
    make_dirs(tmp.path);
    cv::Mat mm(3, 4, CV_16UC1);
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 4; ++c) mm.at<uint16_t>(r, c) = uint16_t(600 + 350 * (r * 4 + c));  // 0.6 .. 4.45 m
    write_png(tmp.path / "images" / "a.png", pattern(4, 3));
    REQUIRE(cv::imwrite((tmp.path / "depths" / "a.png").string(), mm));
    write_png(tmp.path / "images" / "b.png", pattern(4, 3));
    save_npy(tmp.path / "depths" / "b.npy", image_to_npy(depth_ramp(4, 3)));

    RgbdDataset ds(tmp.path);
    REQUIRE(ds.size() == 2);
    CHECK(ds.entry(0).depth_kind == DepthFileKind::LinearPng16mm);
    CHECK(ds.entry(1).depth_kind == DepthFileKind::LinearNpy);
    Image from_mm(3, 3, 1), from_npy(3, 3, 1);
    const Image ramp = depth_ramp(4, 3);
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c) {  // 4x3 at 3: no resize, crop column offset round(0.5) = 0
            from_mm.at(r, c) = float(mm.at<uint16_t>(r, c) / 1000.0);
            from_npy.at(r, c) = ramp.at(r, c);
        }
    check_depth_channel(ds.load(0, 3, kEncoding), from_mm, 1e-6);
    check_depth_channel(ds.load(1, 3, kEncoding), from_npy, 1e-6);
}

TEST_CASE("MiDaS .npz disparity (stored and deflated, IVID's listing) matches IVID's treatment in float64") {
    // Float64 reference of BaseDataset: d = x / 6250; max 2.4 > 1/near so d /= max * near;
    // d = max(d, 1e-3); z = clip((d - 1/near) / (1/far - 1/near), 0, 1).
    const double raw[3][4] = {{0, 3, 625, 1250}, {2500, 3125, 6250, 9375}, {12500, 15000, 5000, 100}};
    const double near = 0.6, far = 5.0, max = 15000.0 / 6250.0;
    REQUIRE(max > 1.0 / near);
    auto reference = [&](int r, int c) {
        double d = raw[r][c] / 6250.0 / (max * near);
        d = std::max(d, 1e-3);
        return std::clamp((d - 1.0 / near) / (1.0 / far - 1.0 / near), 0.0, 1.0);
    };
    for (const char* fixture : {"midas_stored.npz", "midas_deflated.npz"}) {
        CAPTURE(fixture);
        TempDir tmp;
        make_dirs(tmp.path);
        write_png(tmp.path / "images" / "x.png", pattern(4, 3));
        fs::copy_file(kNpzFixtures / fixture, tmp.path / "depths" / "x.npz");
        write_text_atomically(tmp.path / "dataset.json", R"({"images": ["images/x.png"], "depths": ["depths/x.npz"]})");
        RgbdDataset ds(tmp.path);
        REQUIRE(ds.size() == 1);
        CHECK(ds.entry(0).depth_kind == DepthFileKind::MidasDisparityNpz);
        const RgbdSample s = ds.load(0, 3, kEncoding);
        for (int r = 0; r < 3; ++r)
            for (int c = 0; c < 3; ++c) CHECK(std::fabs(s.rgbd.at(r, c, 3) - reference(r, c)) <= 1e-6);
        CHECK(s.rgbd.at(2, 1, 3) == 0.0f);                             // the maximum: disparity 1/near
        CHECK(std::fabs(s.rgbd.at(0, 0, 3) - 1.0) <= 1e-6);            // disparity 0 -> 1e-3 -> beyond far
    }
}

TEST_CASE("ZipArchive: members of np.savez archives, and corrupt archives named") {
    for (const char* fixture : {"midas_stored.npz", "midas_deflated.npz"}) {
        const ZipArchive zip(kNpzFixtures / fixture);
        CHECK(zip.names() == std::vector<std::string>{"arr_0.npy"});
        CHECK(zip.contains("arr_0.npy"));
        const std::string npy = zip.read("arr_0.npy");
        CHECK(npy.size() == 128 + 12 * 4);
        CHECK(npy.compare(0, 6, "\x93NUMPY") == 0);
        CHECK(contains(message_of([&] { zip.read("arr_1.npy"); }), "member arr_1.npy: expected present, found absent"));
    }
    TempDir tmp;
    const fs::path bad = tmp.path / "bad.npz";
    fs::copy_file(kNpzFixtures / "midas_deflated.npz", bad);
    ivid::test::truncate_file(bad, 150);
    CHECK(contains(message_of([&] { ZipArchive z(bad); }), bad.string() + ": truncated or corrupt zip archive"));

    std::string bytes = read_text_file(kNpzFixtures / "midas_stored.npz");
    bytes[bytes.find("NUMPY") + 100] ^= 0x55;  // inside the stored data
    ivid::test::write_bytes(bad, bytes);
    CHECK(contains(message_of([&] { ZipArchive(bad).read("arr_0.npy"); }), "CRC-32 mismatch"));
    ivid::test::write_bytes(bad, "not a zip at all");
    CHECK(contains(message_of([&] { ZipArchive z(bad); }), bad.string() + ": not a zip archive"));
    ivid::test::write_bytes(bad, "");
    CHECK(contains(message_of([&] { ZipArchive z(bad); }), bad.string() + ": empty file"));
    CHECK(contains(message_of([&] { ZipArchive z(tmp.path / "none.npz"); }), "none.npz"));
}

TEST_CASE("class labels from images/<class>/ folders, in sorted folder order") {
    TempDir tmp;
    for (const char* cls : {"dog", "cat"}) make_dirs(tmp.path, cls);
    for (const char* rel : {"dog/d1", "cat/c1", "cat/c2"}) {
        write_png(tmp.path / "images" / (std::string(rel) + ".jpg"), pattern(8, 8));
        write_exr(tmp.path / "depths" / (std::string(rel) + ".exr"), depth_ramp(8, 8));
    }
    RgbdDataset ds(tmp.path);
    REQUIRE(ds.size() == 3);
    CHECK(ds.class_names() == std::vector<std::string>{"cat", "dog"});
    CHECK(ds.entry(0).image.filename() == "c1.jpg");
    CHECK(ds.entry(0).label == 0);
    CHECK(ds.entry(2).label == 1);
    CHECK(ds.load(2, 8, kEncoding).label == 1);

    write_png(tmp.path / "images" / "loose.png", pattern(8, 8));
    CHECK(contains(message_of([&] { RgbdDataset d(tmp.path); }), "loose.png: image outside a class folder"));
}

TEST_CASE("our dataset.json listing of objects") {
    TempDir tmp;
    make_dirs(tmp.path);
    write_png(tmp.path / "images" / "p.png", pattern(5, 5));
    save_npy(tmp.path / "depths" / "q.npy", image_to_npy(depth_ramp(5, 5)));
    write_text_atomically(tmp.path / "dataset.json",
                          R"({"version": 1, "images": [{"image": "images/p.png", "depth": "depths/q.npy"}]})");
    RgbdDataset ds(tmp.path);
    REQUIRE(ds.size() == 1);
    CHECK(ds.entry(0).depth == tmp.path / "depths" / "q.npy");
    check_depth_channel(ds.load(0, 5, kEncoding), depth_ramp(5, 5), 1e-6);
}

TEST_CASE("bad datasets and files are errors naming the file") {
    TempDir tmp;
    const fs::path root = tmp.path / "ds";
    CHECK(contains(message_of([&] { RgbdDataset d(root); }), root.string() + ": dataset folder not found"));
    fs::create_directories(root);
    CHECK(contains(message_of([&] { RgbdDataset d(root); }), (root / "images").string() + ": folder not found"));
    make_dirs(root);
    CHECK(contains(message_of([&] { RgbdDataset d(root); }), (root / "images").string() + ": no images"));

    write_png(root / "images" / "a.png", pattern(6, 4));
    CHECK(contains(message_of([&] { RgbdDataset d(root); }), (root / "images" / "a.png").string() + ": no depth file"));

    // Depth of another size than its image.
    write_exr(root / "depths" / "a.exr", depth_ramp(4, 6));
    RgbdDataset ds(root);
    CHECK(contains(message_of([&] { ds.load(0, 4, kEncoding); }),
                   (root / "depths" / "a.exr").string() + ": size: expected 6x4 (as a.png), found 4x6"));

    // NaN and non-positive depth.
    Image d = depth_ramp(6, 4);
    d.at(2, 3) = std::numeric_limits<float>::quiet_NaN();
    write_exr(root / "depths" / "a.exr", d);
    CHECK(contains(message_of([&] { ds.load(0, 4, kEncoding); }),
                   (root / "depths" / "a.exr").string() + ": depth at row 2, column 3: expected a positive number, found NaN"));
    d.at(2, 3) = -1.0f;
    write_exr(root / "depths" / "a.exr", d);
    CHECK(contains(message_of([&] { ds.load(0, 4, kEncoding); }), "found -1.000000"));

    // An 8-bit PNG is not millimetre depth; a truncated colour PNG is unreadable.
    fs::remove(root / "depths" / "a.exr");
    write_png(root / "depths" / "a.png", pattern(6, 4));
    CHECK(contains(message_of([&] { RgbdDataset(root).load(0, 4, kEncoding); }),
                   (root / "depths" / "a.png").string() + ": pixel type: expected 16-bit"));
    fs::remove(root / "depths" / "a.png");
    write_exr(root / "depths" / "a.exr", depth_ramp(6, 4));
    CHECK_NOTHROW(RgbdDataset(root).load(0, 4, kEncoding));
    ivid::test::truncate_file(root / "images" / "a.png", 60);
    CHECK(contains(message_of([&] { RgbdDataset(root).load(0, 4, kEncoding); }),
                   (root / "images" / "a.png").string() + ": cannot decode image"));

    // Malformed and inconsistent listings.
    const fs::path listing = root / "dataset.json";
    write_text_atomically(listing, R"({"images": [)");
    CHECK(contains(message_of([&] { RgbdDataset d(root); }), listing.string() + ": malformed JSON"));
    write_text_atomically(listing, R"({"images": ["images/a.png"]})");
    CHECK(contains(message_of([&] { RgbdDataset d(root); }), listing.string() + ": depths: expected an array of 1 paths"));
    write_text_atomically(listing, R"({"images": [{"image": "images/a.png"}]})");
    CHECK(contains(message_of([&] { RgbdDataset d(root); }), listing.string() + ": images[0].depth: expected a file path"));
    write_text_atomically(listing, R"({"images": []})");
    CHECK(contains(message_of([&] { RgbdDataset d(root); }), listing.string() + ": images: expected at least one image"));
    write_text_atomically(listing, R"({"images": ["images/a.png"], "depths": ["depths/gone.npz"]})");
    CHECK(contains(message_of([&] { RgbdDataset d(root); }),
                   (root / "images" / "a.png").string() + ": depth file not found: " + (root / "depths" / "gone.npz").string()));
    fs::copy_file(root / "images" / "a.png", root / "depths" / "a.tiff");
    write_text_atomically(listing, R"({"images": ["images/a.png"], "depths": ["depths/a.tiff"]})");
    CHECK(contains(message_of([&] { RgbdDataset d(root); }), "a.tiff: file type: expected .exr"));
}

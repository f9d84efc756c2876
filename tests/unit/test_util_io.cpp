// Error messages, atomic writes, .npy and image file I/O, including bad input on purpose.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <thread>
#include <unistd.h>

#include "core/image/image_io.hpp"
#include "core/image/npy.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"
#include "core/util/usable_cores.hpp"
#include "tests/test_support.hpp"

using namespace ivid;
namespace fs = std::filesystem;

using test::contains;
using test::entries_in;
using test::message_of;
using test::TempDir;
using test::truncate_file;

TEST_CASE("Error::at names file, key, expected and found") {
    Error e = Error::at("scene.json", "views[2].pose", "4x4 matrix", "3 rows");
    CHECK(std::string(e.what()) == "scene.json: views[2].pose: expected 4x4 matrix, found 3 rows");
}

TEST_CASE("atomic text write replaces content and leaves no temporary files") {
    TempDir tmp;
    fs::path file = tmp.path / "a.txt";
    write_text_atomically(file, "one");
    write_text_atomically(file, "two");
    CHECK(read_text_file(file) == "two");
    CHECK(entries_in(tmp.path) == 1);
}

TEST_CASE("a failing atomic write keeps the old file and cleans up") {
    TempDir tmp;
    fs::path file = tmp.path / "keep.txt";
    write_text_atomically(file, "precious");
    CHECK_THROWS_AS(write_file_atomically(file, [](const fs::path& t) {
                        std::ofstream(t) << "half";
                        throw Error("disk full");
                    }),
                    Error);
    CHECK(read_text_file(file) == "precious");
    CHECK(entries_in(tmp.path) == 1);
}

TEST_CASE("atomic folder write: refuses to overwrite, replaces with overwrite, rolls back on error") {
    TempDir tmp;
    fs::path dir = tmp.path / "scene";
    write_folder_atomically(dir, false, [](const fs::path& d) { std::ofstream(d / "v1") << "1"; });
    CHECK(fs::exists(dir / "v1"));
    std::string msg = message_of([&] { write_folder_atomically(dir, false, [](const fs::path&) {}); });
    CHECK(contains(msg, "already exists"));
    CHECK(contains(msg, "--force"));
    // A failure while filling leaves the existing folder untouched and no partial folder.
    CHECK_THROWS_AS(write_folder_atomically(dir, true, [](const fs::path& d) {
                        std::ofstream(d / "v2") << "2";
                        throw Error("encoder failed");
                    }),
                    Error);
    CHECK(fs::exists(dir / "v1"));
    CHECK_FALSE(fs::exists(dir / "v2"));
    CHECK(entries_in(tmp.path) == 1);
    write_folder_atomically(dir, true, [](const fs::path& d) { std::ofstream(d / "v3") << "3"; });
    CHECK(fs::exists(dir / "v3"));
    CHECK_FALSE(fs::exists(dir / "v1"));
    CHECK(entries_in(tmp.path) == 1);
    CHECK(contains(message_of([&] { write_folder_atomically(tmp.path / "no" / "x", false, [](const fs::path&) {}); }),
                   "parent folder does not exist"));
}

TEST_CASE("npy round trip and bad files") {
    TempDir tmp;
    Image img(3, 2, 2);
    for (size_t i = 0; i < img.data.size(); ++i) img.data[i] = float(i) * 0.5f - 1.0f;
    save_npy(tmp.path / "a.npy", image_to_npy(img));
    NpyArray a = load_npy(tmp.path / "a.npy");
    CHECK(a.dtype == "float32");
    CHECK(a.shape == std::vector<size_t>{2, 3, 2});
    CHECK(npy_to_image(a, "a").data == img.data);

    CHECK(contains(message_of([&] { load_npy(tmp.path / "missing.npy"); }), "missing.npy"));
    std::ofstream(tmp.path / "bad.npy") << "not numpy";
    CHECK(contains(message_of([&] { load_npy(tmp.path / "bad.npy"); }), "bad.npy"));
    fs::copy_file(tmp.path / "a.npy", tmp.path / "short.npy");
    truncate_file(tmp.path / "short.npy", 140);
    CHECK(contains(message_of([&] { load_npy(tmp.path / "short.npy"); }), "truncated"));
}

// Found by tests/fuzz/fuzz_npy (session 9): as_int of a float16 NaN was a NaN-to-int64 cast
// (undefined behaviour); float elements without an integer value are now an Error.
TEST_CASE("npy float elements as integers: integral values convert, NaN, infinity and 2^63 are Errors") {
    auto float64_array = [](std::vector<double> values) {
        NpyArray a;
        a.dtype = "float64";
        a.shape = {values.size()};
        a.bytes.resize(values.size() * 8);
        std::memcpy(a.bytes.data(), values.data(), a.bytes.size());
        return a;
    };
    CHECK(float64_array({3.0, -2.0}).as_int() == std::vector<int64_t>{3, -2});
    for (double bad : {std::nan(""), HUGE_VAL, 9223372036854775808.0})
        CHECK(contains(message_of([&] { float64_array({1.0, bad}).as_int(); }), "float64 element"));
    NpyArray half;
    half.dtype = "float16";
    half.shape = {1};
    half.bytes = {0x00, 0x7e};  // float16 NaN
    CHECK(contains(message_of([&] { half.as_int(); }), "float16 element (nan) has no integer value"));
}

// Found by tests/fuzz/fuzz_npy: these escaped as std::invalid_argument, read out of bounds or
// allocated what the header claimed before reading anything.
TEST_CASE("npy headers that are malformed or claim more data than the stream holds are Errors") {
    const auto npy_error = [](const std::string& header, const std::string& data = "") {
        std::istringstream in(std::string("\x93NUMPY\x01\x00", 8) + char(header.size()) + '\0' + header + data);
        return message_of([&] { read_npy(in, "x.npy"); });
    };
    const std::string head = "{'descr': '<f4', 'fortran_order': False, 'shape': ";
    CHECK(contains(npy_error(head + "(a,), }"), "x.npy: shape: expected a tuple of sizes, found (a,)"));
    CHECK(contains(npy_error(head + "(-1,), }"), "expected a tuple of sizes"));
    CHECK(contains(npy_error(head + "(4611686018427387904, 8), }"), "expected a tuple of sizes"));
    CHECK(contains(npy_error(head + "3, }"), "expected a tuple of sizes"));
    CHECK(contains(npy_error(head + "(1000000000000,), }", "abcd"), "expected 4000000000000 bytes, found fewer (truncated)"));
    CHECK(contains(npy_error("{'descr'"), "expected a value for 'descr'"));
    CHECK(contains(npy_error("{'descr': '<f4"), "expected a closing quote for 'descr'"));
    CHECK(contains(npy_error(head + "(2,"), "expected a closing ) for 'shape'"));
    std::istringstream huge_header(std::string("\x93NUMPY\x02\x00\xff\xff\xff\xff{}", 14));
    CHECK(contains(message_of([&] { read_npy(huge_header, "x.npy"); }), "truncated npy header"));
}

TEST_CASE("PNG and EXR round trip exactly; truncated and missing files are named") {
    TempDir tmp;
    ImageU8 colour(5, 4, 3);
    for (size_t i = 0; i < colour.data.size(); ++i) colour.data[i] = uint8_t(i * 7);
    write_png(tmp.path / "c.png", colour);
    ImageU8 back = read_image_u8(tmp.path / "c.png", 3);
    CHECK(back.data == colour.data);  // channel order survives (RGB in memory)

    Image depth(5, 4, 1);
    for (size_t i = 0; i < depth.data.size(); ++i) depth.data[i] = 0.6f + float(i) / 7.0f;
    write_exr(tmp.path / "d.exr", depth);
    CHECK(read_exr(tmp.path / "d.exr").data == depth.data);

    CHECK(contains(message_of([&] { read_exr(tmp.path / "nope.exr"); }), "nope.exr: file not found"));
    CHECK(contains(message_of([&] { read_exr(tmp.path / "c.png"); }), "expected 32-bit float"));
    truncate_file(tmp.path / "c.png", 30);
    CHECK(contains(message_of([&] { read_image_u8(tmp.path / "c.png", 3); }), "c.png: cannot decode"));
    CHECK(entries_in(tmp.path) == 2);
}

TEST_CASE("to8b truncates like numpy astype(uint8)") {
    Image img(4, 1, 1);
    img.data = {0.999f, 1.5f, -0.2f, 0.5f};
    ImageU8 clipped = to_u8_truncate(img, true);
    CHECK(clipped.data == std::vector<uint8_t>{254, 255, 0, 127});
}

TEST_CASE("usable cores: the affinity mask and the cgroup quota bound the thread count") {
    CHECK(ivid::usable_cores_from(8, "", 0, 0) == 8);
    CHECK(ivid::usable_cores_from(8, "max 100000", 0, 0) == 8);          // v2, no limit
    CHECK(ivid::usable_cores_from(8, "200000 100000", 0, 0) == 2);       // docker --cpus 2
    CHECK(ivid::usable_cores_from(8, "150000 100000", 0, 0) == 2);       // 1.5 cores: 2 threads
    CHECK(ivid::usable_cores_from(8, "50000 100000", 0, 0) == 1);        // half a core: still 1
    CHECK(ivid::usable_cores_from(2, "400000 100000", 0, 0) == 2);       // the mask is smaller
    CHECK(ivid::usable_cores_from(8, "", 300000, 100000) == 3);          // cgroup v1 CFS quota
    CHECK(ivid::usable_cores_from(8, "", -1, 100000) == 8);              // v1 without a quota
    CHECK(ivid::usable_cores_from(8, "garbage here", 0, 0) == 8);
    const int here = ivid::usable_cores();
    CHECK(here >= 1);
    CHECK(here <= int(std::thread::hardware_concurrency()));
}

TEST_CASE("compute threads: the usable cores that other processes leave idle, at least one") {
    CHECK(ivid::compute_threads_from(2, 2.0) == 2);   // an idle machine
    CHECK(ivid::compute_threads_from(2, 1.9) == 2);   // a little background load
    CHECK(ivid::compute_threads_from(2, 0.9) == 1);   // one core busy elsewhere
    CHECK(ivid::compute_threads_from(2, 0.02) == 1);  // both busy: still one thread
    CHECK(ivid::compute_threads_from(4, 60.0) == 4);  // a big node, idle beyond the job's share
    CHECK(ivid::compute_threads_from(4, -1.0) == 4);  // not measurable: every usable core
    const int here = ivid::compute_threads();
    CHECK(here >= 1);
    CHECK(here <= ivid::usable_cores());
}

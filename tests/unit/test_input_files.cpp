// Inputs that used to crash, hang or lose data (issue 16 §2): deeply nested JSON, FIFOs and
// folders given as files, unreadable files, zip bombs, outputs that name the same file,
// symlinked settings files and the partial files a killed run leaves behind.
#include <doctest/doctest.h>

#include <chrono>
#include <filesystem>
#include <functional>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "core/geometry/camera.hpp"
#include "core/image/exr_depth.hpp"
#include "core/image/image_io.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/input_file.hpp"
#include "core/util/json_fields.hpp"
#include "core/util/zip_archive.hpp"
#include "tests/test_support.hpp"

using namespace ivid;
using ivid::test::contains;
using ivid::test::message_of;
namespace fs = std::filesystem;

namespace {

// The pid of a process that has exited (a child that was reaped).
pid_t dead_pid() {
    const pid_t child = ::fork();
    if (child == 0) ::_exit(0);
    ::waitpid(child, nullptr, 0);
    return child;
}

// Runs `check` as the unprivileged user nobody in a child process (root reads every file, so a
// permission error can only be seen without root); returns whether it held.
bool holds_as_nobody(const std::function<bool()>& check) {
    const pid_t child = ::fork();
    if (child == 0) {
        if (::setgid(65534) != 0 || ::setuid(65534) != 0) ::_exit(2);
        ::_exit(check() ? 0 : 1);
    }
    int status = 0;
    ::waitpid(child, &status, 0);
    return WIFEXITED(status) && WEXITSTATUS(status) == 0;
}

}  // namespace

TEST_CASE("JSON nested deeper than 128 levels is refused before parsing, naming the file") {
    const std::string deep = std::string(70000, '[') + std::string(70000, ']');
    const std::string message = message_of([&] { parse_json_text(deep, "scene.json"); });
    CHECK(contains(message, "scene.json: JSON nested more than 128 levels deep (byte 128)"));
    // Exactly 128 levels parse; brackets inside strings (with escaped quotes) do not count.
    CHECK(parse_json_text(std::string(128, '[') + std::string(128, ']'), "x").is_array());
    const std::string in_string = "{\"a\": \"" + std::string(500, '[') + "\\\"" + std::string(500, '{') + "\"}";
    CHECK(parse_json_text(in_string, "x")["a"].get<std::string>().size() == 1001);
    // Objects count as levels too, and a file is named by its path.
    test::TempDir tmp;
    test::write_bytes(tmp.path / "deep.json", std::string(200, '{') );
    CHECK(contains(message_of([&] { parse_json_file(tmp.path / "deep.json"); }), "deep.json: JSON nested more than 128"));
}

TEST_CASE("only regular files are opened: FIFOs, folders and missing files are named, never waited on") {
    test::TempDir tmp;
    const fs::path fifo = tmp.path / "004_depth.exr";
    REQUIRE(::mkfifo(fifo.c_str(), 0644) == 0);
    const auto start = std::chrono::steady_clock::now();
    CHECK(contains(message_of([&] { read_exr(fifo); }), "004_depth.exr: cannot open: is a FIFO (named pipe)"));
    CHECK(contains(message_of([&] { read_text_file(fifo); }), "is a FIFO"));
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(5));  // a blocked open never returns

    CHECK(contains(message_of([&] { read_text_file(tmp.path); }), "cannot open: is a folder, not a file"));
    CHECK(contains(message_of([&] { parse_json_file(tmp.path); }), "is a folder, not a file"));
    CHECK(contains(message_of([&] { require_input_file(tmp.path / "gone.png"); }), "gone.png: file not found"));
    CHECK(contains(message_of([&] { require_input_file("/dev/null"); }), "/dev/null: cannot open: is a device"));

    fs::create_symlink("loop", tmp.path / "loop");
    CHECK(contains(message_of([&] { require_input_file(tmp.path / "loop"); }), "loop: cannot open: Too many levels of symbolic links"));
}

TEST_CASE("an unreadable image is reported as a permission problem, not as a corrupt image") {
    test::TempDir tmp;
    ::chmod(tmp.path.c_str(), 0755);
    ImageU8 image(4, 4, 3);
    const fs::path png = tmp.path / "color.png";
    write_png(png, image);
    ::chmod(png.c_str(), 0000);
    CHECK(holds_as_nobody([&] {
        return contains(message_of([&] { read_image_u8(png, 3); }), "color.png: cannot open: Permission denied");
    }));
}

TEST_CASE("a PNG header claiming 100000x100000 pixels is refused by its size, not by a decoder assertion") {
    test::TempDir tmp;
    const auto be32 = [](uint32_t v) {
        return std::string{char(v >> 24), char(v >> 16), char(v >> 8), char(v)};
    };
    const std::string ihdr = be32(13) + "IHDR" + be32(100000) + be32(100000) + std::string("\x08\x02\0\0\0", 5) + be32(0);
    test::write_bytes(tmp.path / "huge.png", std::string("\x89PNG\r\n\x1a\n", 8) + ihdr);
    CHECK(message_of([&] { read_image_u8(tmp.path / "huge.png", 3); }) ==
          (tmp.path / "huge.png").string() + ": PNG header: expected at most 16384 pixels per side, found 100000x100000");
}

TEST_CASE("EXR headers are checked before OpenEXR reads them: attribute sizes, the data window") {
    // Found by fuzz_image: OpenEXR 3.1 allocates an unknown attribute's declared size (here 2 GiB)
    // before it reads the value, 4 s under ASan for a 78-byte file.
    test::TempDir tmp;
    Image depth(3, 2, 1);
    write_exr(tmp.path / "good.exr", depth);
    const std::string good = read_text_file(tmp.path / "good.exr");
    CHECK(read_exr(tmp.path / "good.exr").width == 3);
    const auto le32 = [](uint32_t v) { return std::string{char(v), char(v >> 8), char(v >> 16), char(v >> 24)}; };
    const std::string magic = good.substr(0, 8);  // magic and version word
    const auto attribute = [&](const std::string& name, const std::string& type, const std::string& value, uint32_t size) {
        return name + '\0' + type + '\0' + le32(size) + value;
    };
    test::write_bytes(tmp.path / "bomb.exr", magic + attribute("compr", "opaque", "ab", 0x7ffffff0u) + '\0');
    for (const auto& read : {std::function<void()>([&] { read_exr(tmp.path / "bomb.exr"); }),
                             std::function<void()>([&] { read_exr_z(tmp.path / "bomb.exr"); })})
        CHECK(message_of(read) == (tmp.path / "bomb.exr").string() +
                                      ": cannot decode image: corrupt EXR header (attribute 'compr' claims 2147483632 bytes, "
                                      "the file has 3 left)");
    const std::string window = le32(0) + le32(0) + le32(99999) + le32(0);
    test::write_bytes(tmp.path / "huge.exr", magic + attribute("dataWindow", "box2i", window, 16) + '\0');
    CHECK(message_of([&] { read_exr(tmp.path / "huge.exr"); }) ==
          (tmp.path / "huge.exr").string() + ": EXR header: expected at most 16384 pixels per side, found 100000x1");
    test::write_bytes(tmp.path / "cut.exr", magic + "dataWin");
    CHECK(contains(message_of([&] { read_exr_z(tmp.path / "cut.exr"); }), "truncated EXR header"));
}

TEST_CASE("a keyframe number beyond float32 is named as out of range, not as NaN or infinity") {
    test::TempDir tmp;
    test::write_bytes(tmp.path / "path.json", R"({"format": "ivid-keyframes", "version": 1, "keyframes": [)"
                                              R"({"time": 0, "yaw": 1e300, "pitch": 0, "radius": 1, "target": [0, 0, 0]}]})");
    CHECK(contains(message_of([&] { load_keyframes(tmp.path / "path.json"); }),
                   "path.json: keyframes[0].yaw: expected a number within float32 range, found 1e+300"));
}

TEST_CASE("two outputs that resolve to the same file are refused, naming both options") {
    test::TempDir tmp;
    fs::create_directories(tmp.path / "sub");
    const fs::path a = tmp.path / "same.mp4";
    const std::string message = message_of([&] {
        require_distinct_outputs({{"--out", a}, {"--depth-video", tmp.path / "sub" / ".." / "same.mp4"}});
    });
    CHECK(contains(message, "--depth-video"));
    CHECK(contains(message, "same file as --out"));
    fs::create_symlink(a, tmp.path / "link.mp4");  // through a symlink too (the target need not exist)
    CHECK(contains(message_of([&] { require_distinct_outputs({{"--out", a}, {"--depth-video", tmp.path / "link.mp4"}}); }),
                   "same file as --out"));
    CHECK(message_of([&] { require_distinct_outputs({{"--out", a}, {"--depth-video", tmp.path / "d.mp4"}, {"--x", ""}}); })
              .empty());
}

TEST_CASE("a zip member that declares more than its deflated bytes can expand to is refused before inflating") {
    // zip_bomb_member.npz (tests/fuzz/corpus/make_bad_inputs.py): a few deflated bytes declaring 4 GiB.
    const fs::path npz = fs::path(IVID_FIXTURES_DIR) / "checkpoints" / "zip_bomb_member.npz";
    const ZipArchive archive(npz);
    CHECK(archive.size_of("arr_0.npy") == 0xFFFFFFF0u);
    CHECK(contains(message_of([&] { archive.read("arr_0.npy"); }), "more than deflate can expand"));
    CHECK(contains(message_of([&] { archive.read("arr_0.npy", 1024); }), "declares 4294967280 bytes, more than the 1024"));
}

TEST_CASE("a symlinked file stays a symlink when written; a symlink loop is an error") {
    test::TempDir tmp;
    fs::create_directories(tmp.path / "dotfiles");
    const fs::path real = tmp.path / "dotfiles" / "settings.json";
    write_text_atomically(real, "old");
    const fs::path link = tmp.path / "settings.json";
    fs::create_symlink(real, link);
    write_text_atomically(link, "new");
    CHECK(fs::is_symlink(link));
    CHECK(read_text_file(real) == "new");
    CHECK(test::entries_in(tmp.path / "dotfiles") == 1);  // no temporary left beside the target

    const fs::path loop = tmp.path / "loop.json";
    fs::create_symlink(loop, loop);
    CHECK(contains(message_of([&] { write_text_atomically(loop, "x"); }), "loop.json: cannot follow symlink"));
}

TEST_CASE("temporaries left by a killed writer are removed the next time that file is written") {
    test::TempDir tmp;
    const fs::path target = tmp.path / "c.mp4";
    const std::string dead = std::to_string(dead_pid());
    const fs::path stale_file = tmp.path / (".c.mp4.partial-" + dead + "-1f2e.mp4");
    const fs::path stale_folder = tmp.path / (".c.mp4.tmp-" + dead + "-99");
    const fs::path moved_aside = tmp.path / (".c.mp4.old-" + dead + "-7");   // maybe the only copy: kept
    const fs::path live = tmp.path / (".c.mp4.partial-" + std::to_string(::getppid()) + "-5.mp4");  // running
    const fs::path other = tmp.path / (".d.mp4.partial-" + dead + "-5.mp4");  // another target's
    for (const fs::path& p : {stale_file, live, other}) test::write_bytes(p, "x");
    fs::create_directories(stale_folder);
    fs::create_directories(moved_aside);

    write_text_atomically(target, "done");
    CHECK_FALSE(fs::exists(stale_file));
    CHECK_FALSE(fs::exists(stale_folder));
    CHECK(fs::exists(moved_aside));
    CHECK(fs::exists(live));
    CHECK(fs::exists(other));
    CHECK(read_text_file(target) == "done");
}

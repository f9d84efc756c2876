// MP4 and PNG-sequence writers: what is decoded back, atomic completion (nothing at the target
// until finish(), nothing left after a cancelled or failed write) and errors naming the path.
#include <doctest/doctest.h>

#include <cmath>
#include <cstdlib>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "core/image/image_io.hpp"
#include "core/image/png_sequence_writer.hpp"
#include "core/image/video_writer.hpp"
#include "tests/test_support.hpp"

using namespace ivid;
using ivid::test::contains;
using ivid::test::entries_in;
using ivid::test::message_of;
using ivid::test::TempDir;
namespace fs = std::filesystem;

namespace {

// A smooth moving gradient with a bright square: content a lossy codec keeps well.
ImageU8 test_frame(int w, int h, int index) {
    ImageU8 img(w, h, 3);
    for (int r = 0; r < h; ++r)
        for (int c = 0; c < w; ++c) {
            img.at(r, c, 0) = uint8_t((c * 255) / w);
            img.at(r, c, 1) = uint8_t((r * 255) / h);
            img.at(r, c, 2) = uint8_t(40 + 10 * index);
            const int x0 = 4 + 3 * index;
            if (c >= x0 && c < x0 + 16 && r >= 10 && r < 26) img.at(r, c, 0) = img.at(r, c, 1) = img.at(r, c, 2) = 250;
        }
    return img;
}

double mean_abs_difference(const cv::Mat& bgr, const ImageU8& rgb) {
    double sum = 0.0;
    for (int r = 0; r < rgb.height; ++r)
        for (int c = 0; c < rgb.width; ++c)
            for (int ch = 0; ch < 3; ++ch) sum += std::abs(int(bgr.at<cv::Vec3b>(r, c)[2 - ch]) - int(rgb.at(r, c, ch)));
    return sum / double(rgb.data.size());
}

}  // namespace

TEST_CASE("an MP4 decodes to the frames written, within H.264's loss") {
    TempDir tmp;
    const fs::path out = tmp.path / "turntable.mp4";
    {
        VideoWriter writer(out, 64, 48, 24.0, false);
        CHECK(writer.fourcc() == "avc1");  // Debian's FFmpeg has libx264
        CHECK(writer.codec_note().empty());
        for (int i = 0; i < 10; ++i) writer.write(test_frame(64, 48, i));
        CHECK(!fs::exists(out));  // only a hidden temporary file until finish()
        writer.finish();
    }
    REQUIRE(fs::exists(out));
    CHECK(entries_in(tmp.path) == 1);
    cv::VideoCapture cap(out.string(), cv::CAP_FFMPEG);
    REQUIRE(cap.isOpened());
    CHECK(cap.get(cv::CAP_PROP_FRAME_WIDTH) == 64);
    CHECK(cap.get(cv::CAP_PROP_FRAME_HEIGHT) == 48);
    CHECK(cap.get(cv::CAP_PROP_FPS) == doctest::Approx(24.0));
    int decoded = 0;
    cv::Mat frame;
    while (cap.read(frame)) {
        // Tolerance: H.264 (4:2:0 chroma, OpenCV's default rate) moves these frames by 3.0-3.8
        // levels on average; the neighbouring frame differs by 8-10, a channel swap by tens.
        CHECK(mean_abs_difference(frame, test_frame(64, 48, decoded)) < 5.0);
        if (decoded > 0) CHECK(mean_abs_difference(frame, test_frame(64, 48, decoded - 1)) > 6.0);
        ++decoded;
    }
    CHECK(decoded == 10);
}

TEST_CASE("an unfinished MP4 or PNG sequence leaves nothing behind") {
    TempDir tmp;
    {
        VideoWriter writer(tmp.path / "cancelled.mp4", 32, 32, 30.0, false);
        writer.write(test_frame(32, 32, 0));
        CHECK(entries_in(tmp.path) == 1);  // the temporary file
    }
    {
        PngSequenceWriter frames(tmp.path / "frames", false);
        frames.write(test_frame(32, 32, 0));
    }
    CHECK(entries_in(tmp.path) == 0);
}

TEST_CASE("a PNG sequence appears complete at finish, and replaces an old one only when asked") {
    TempDir tmp;
    const fs::path dir = tmp.path / "frames";
    {
        PngSequenceWriter frames(dir, false);
        for (int i = 0; i < 3; ++i) frames.write(test_frame(32, 32, i));
        CHECK(!fs::exists(dir));
        frames.finish();
    }
    CHECK(entries_in(dir) == 3);
    const ImageU8 back = read_image_u8(dir / PngSequenceWriter::frame_name(2), 3);
    CHECK(back.data == test_frame(32, 32, 2).data);
    CHECK(contains(message_of([&] { PngSequenceWriter again(dir, false); }), "already exists (use --force"));
    {
        PngSequenceWriter again(dir, true);
        again.write(test_frame(32, 32, 5));
        again.finish();
    }
    CHECK(entries_in(dir) == 1);
    CHECK(entries_in(tmp.path) == 1);
}

TEST_CASE("writers refuse bad destinations and sizes, naming the path") {
    TempDir tmp;
    ivid::test::write_bytes(tmp.path / "file", "not a folder");
    CHECK(contains(message_of([&] { VideoWriter w(tmp.path / "file" / "a.mp4", 32, 32, 30, false); }),
                   "file is not a folder"));
    CHECK(contains(message_of([&] { VideoWriter w(tmp.path / "missing" / "a.mp4", 32, 32, 30, false); }),
                   "a.mp4: parent folder does not exist"));
    CHECK(contains(message_of([&] { PngSequenceWriter w(tmp.path / "file" / "seq", false); }), "is not a folder"));
    CHECK(contains(message_of([&] { VideoWriter w(tmp.path / "a.mp4", 33, 32, 30, false); }),
                   "a.mp4: video size: expected even width and height (H.264 4:2:0), found 33x32"));
    CHECK(contains(message_of([&] { VideoWriter w(tmp.path / "a.mp4", 32, 32, 0, false); }), "fps: expected a positive"));
    CHECK(contains(message_of([&] {
                       VideoWriter w(tmp.path / "a.mp4", 32, 32, 30, false);
                       w.write(test_frame(16, 16, 0));
                   }),
                   "a.mp4: frame 0: expected 32x32x3, found 16x16x3"));
    CHECK(contains(message_of([&] {
                       VideoWriter w(tmp.path / "a.mp4", 32, 32, 30, false);
                       w.finish();
                   }),
                   "a.mp4: no frames to write"));
    CHECK(contains(message_of([&] { VideoWriter w(tmp.path / "file", 32, 32, 30, false); }), "already exists"));
    CHECK(entries_in(tmp.path) == 1);  // only "file": no temporary files survive the failures
}

TEST_CASE("a folder that refuses new files is reported (probed by writing, so also as root)") {
    // /proc refuses new entries for every user, root included.
    CHECK(contains(message_of([] { VideoWriter w("/proc/ivid-test.mp4", 32, 32, 30, false); }),
                   "/proc/ivid-test.mp4: cannot write into folder /proc"));
    CHECK(contains(message_of([] { PngSequenceWriter w("/proc/ivid-test-frames", false); }),
                   "cannot write into folder /proc"));
}

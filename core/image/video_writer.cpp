#include "core/image/video_writer.hpp"

#include <cmath>

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"

namespace fs = std::filesystem;

namespace ivid {

struct VideoWriter::Stream {
    cv::VideoWriter writer;
};

namespace {

void remove_quietly(const fs::path& path) {
    std::error_code ec;
    fs::remove(path, ec);
}

// Opens `path` with the first fourcc the FFmpeg build can encode; returns it, or "" when none.
std::string open_first_codec(cv::VideoWriter& writer, const fs::path& path, int width, int height,
                             double fps) {
    for (const char* code : {"avc1", "mp4v"}) {
        const int fourcc = cv::VideoWriter::fourcc(code[0], code[1], code[2], code[3]);
        try {
            if (writer.open(path.string(), cv::CAP_FFMPEG, fourcc, fps, cv::Size(width, height), true))
                return code;
        } catch (const cv::Exception&) {
            // The next codec may still open.
        }
        remove_quietly(path);
    }
    return "";
}

}  // namespace

VideoWriter::VideoWriter(const fs::path& target, int width, int height, double fps, bool overwrite)
    : stream_(std::make_unique<Stream>()), target_(target), width_(width), height_(height),
      overwrite_(overwrite) {
    if (width <= 0 || height <= 0 || width % 2 || height % 2)
        throw Error::at(target.string(), "video size", "even width and height (H.264 4:2:0)",
                        std::to_string(width) + "x" + std::to_string(height));
    if (!(fps > 0.0) || !std::isfinite(fps))
        throw Error::at(target.string(), "fps", "a positive number", std::to_string(fps));
    require_writable_destination(target, overwrite);
    // The extension tells FFmpeg the container.
    tmp_ = temporary_sibling(target, "partial");
    tmp_ += ".mp4";
    fourcc_ = open_first_codec(stream_->writer, tmp_, width, height, fps);
    if (fourcc_.empty())
        throw Error(target.string() + ": no MP4 encoder (avc1 or mp4v) opens in OpenCV's FFmpeg backend");
}

VideoWriter::~VideoWriter() {
    if (finished_) return;
    stream_->writer.release();
    remove_quietly(tmp_);
}

std::string VideoWriter::codec_note() const {
    if (fourcc_ == "avc1") return "";
    return "H.264 (avc1) is not available in this FFmpeg build; wrote MPEG-4 Part 2 (" + fourcc_ + ")";
}

void VideoWriter::write(const ImageU8& rgb) {
    require(!finished_, target_.string() + ": write after finish");
    if (rgb.width != width_ || rgb.height != height_ || rgb.channels != 3)
        throw Error::at(target_.string(), "frame " + std::to_string(frames_),
                        std::to_string(width_) + "x" + std::to_string(height_) + "x3",
                        std::to_string(rgb.width) + "x" + std::to_string(rgb.height) + "x" +
                            std::to_string(rgb.channels));
    cv::Mat view(rgb.height, rgb.width, CV_8UC3, const_cast<uint8_t*>(rgb.data.data()));
    cv::Mat bgr;
    cv::cvtColor(view, bgr, cv::COLOR_RGB2BGR);
    stream_->writer.write(bgr);
    ++frames_;
}

void VideoWriter::finish() {
    require(!finished_, target_.string() + ": finish called twice");
    if (frames_ == 0) throw Error(target_.string() + ": no frames to write");
    stream_->writer.release();
    // cv::VideoWriter::write reports nothing, so check what the encoder actually produced.
    cv::VideoCapture check(tmp_.string(), cv::CAP_FFMPEG);
    const double stored = check.isOpened() ? check.get(cv::CAP_PROP_FRAME_COUNT) : 0.0;
    check.release();
    if (std::lround(stored) != frames_)
        throw Error::at(target_.string(), "encoded frames", std::to_string(frames_),
                        std::to_string(std::lround(stored)) + " (encoder failure or disk full)");
    std::error_code ec;
    fs::rename(tmp_, target_, ec);
    if (ec) throw Error(target_.string() + ": cannot move the finished video in place: " + ec.message());
    finished_ = true;
}

}  // namespace ivid

// MP4 video writing (H.264 through OpenCV's FFmpeg backend), atomic: frames go into a hidden
// temporary file next to the destination, renamed onto it only by finish(). A writer destroyed
// before finish() (cancelled export, error) removes the temporary file, so no partial video is
// ever left behind.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/image/image.hpp"

namespace ivid {

class VideoWriter {
public:
    // Opens `target` (.mp4) for width x height RGB frames at `fps`. H.264 ('avc1') when the FFmpeg
    // build has an H.264 encoder, else MPEG-4 Part 2 ('mp4v', see codec_note()). Throws Error
    // naming the path when the folder is missing or not writable, `target` exists and not
    // `overwrite`, the size is not even and positive (H.264 4:2:0), or no encoder opens.
    VideoWriter(const std::filesystem::path& target, int width, int height, double fps, bool overwrite);
    ~VideoWriter();
    VideoWriter(const VideoWriter&) = delete;
    VideoWriter& operator=(const VideoWriter&) = delete;

    // One RGB frame (width x height x 3, row 0 = top).
    void write(const ImageU8& rgb);
    // Closes the stream, checks it, and renames it onto the target.
    void finish();

    int frames_written() const { return frames_; }
    std::string fourcc() const { return fourcc_; }
    // Empty for H.264; otherwise why another codec was used.
    std::string codec_note() const;

private:
    struct Stream;
    std::unique_ptr<Stream> stream_;
    std::filesystem::path target_, tmp_;
    int width_, height_;
    int frames_ = 0;
    std::string fourcc_;
    bool overwrite_;
    bool finished_ = false;
};

}  // namespace ivid

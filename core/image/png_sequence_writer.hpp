// PNG frame sequences, atomic like VideoWriter: frames go into a hidden temporary folder next to
// the destination, renamed onto it only by finish(); destroyed unfinished, the folder is removed.
#pragma once

#include <filesystem>
#include <string>

#include "core/image/image.hpp"

namespace ivid {

class PngSequenceWriter {
public:
    // Frames become <target>/frame_00000.png, ... in a temporary folder until finish(). Throws
    // Error naming the path when the parent folder is missing or not writable, or `target`
    // exists and not `overwrite`.
    PngSequenceWriter(const std::filesystem::path& target, bool overwrite);
    ~PngSequenceWriter();
    PngSequenceWriter(const PngSequenceWriter&) = delete;
    PngSequenceWriter& operator=(const PngSequenceWriter&) = delete;

    void write(const ImageU8& rgb);
    void finish();

    int frames_written() const { return frames_; }
    static std::string frame_name(int index);  // "frame_00042.png"

private:
    std::filesystem::path target_, tmp_;
    int frames_ = 0;
    bool overwrite_;
    bool finished_ = false;
};

}  // namespace ivid

// PNG frame sequences, atomic like VideoWriter: frames go into a hidden temporary folder next to
// the destination, renamed onto it only by finish(); destroyed unfinished, the folder is removed.
#pragma once

#include <filesystem>
#include <string>

#include "core/image/frame_folder.hpp"
#include "core/image/image.hpp"

namespace ivid {

class PngSequenceWriter {
public:
    // Frames become <target>/frame_00000.png, ... in a temporary folder until finish(). Throws
    // Error naming the path when the parent folder is missing or not writable, or `target`
    // exists and not `overwrite`.
    PngSequenceWriter(const std::filesystem::path& target, bool overwrite) : folder_(target, overwrite) {}

    void write(const ImageU8& rgb);
    void finish() { folder_.finish(); }

    int frames_written() const { return folder_.frames_written(); }
    static std::string frame_name(int index) { return FrameFolder::frame_name(index, ".png"); }  // "frame_00042.png"

private:
    FrameFolder folder_;
};

}  // namespace ivid

// A folder of numbered frames written atomically: frames go into a hidden temporary folder next to
// the destination, which finish() renames onto it; destroyed unfinished, the folder is removed. The
// PNG sequence and the float-depth sequences (EXR Z, 16-bit PNG) of turntable exports share it.
#pragma once

#include <filesystem>
#include <functional>
#include <string>

namespace ivid {

class FrameFolder {
public:
    // Throws Error naming the path when the parent folder is missing or not writable, or
    // `target` exists and not `overwrite`.
    FrameFolder(const std::filesystem::path& target, bool overwrite);
    ~FrameFolder();
    FrameFolder(const FrameFolder&) = delete;
    FrameFolder& operator=(const FrameFolder&) = delete;

    // Calls write(path) for the next frame's file (frame_00042<extension>, in the temporary folder).
    void add(const std::string& extension, const std::function<void(const std::filesystem::path&)>& write);
    // Moves the folder in place; Error when no frame was added.
    void finish();

    int frames_written() const { return frames_; }
    const std::filesystem::path& target() const { return target_; }
    static std::string frame_name(int index, const std::string& extension);  // "frame_00042.exr"

private:
    std::filesystem::path target_, tmp_;
    int frames_ = 0;
    bool overwrite_;
    bool finished_ = false;
};

}  // namespace ivid

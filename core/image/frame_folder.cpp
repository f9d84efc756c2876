#include "core/image/frame_folder.hpp"

#include <cstdio>

#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"

namespace fs = std::filesystem;

namespace ivid {

FrameFolder::FrameFolder(const fs::path& target, bool overwrite) : target_(target), overwrite_(overwrite) {
    require_writable_destination(target, overwrite);
    tmp_ = temporary_sibling(target, "partial");
    std::error_code ec;
    fs::create_directory(tmp_, ec);
    if (ec) throw Error(target.string() + ": cannot create a temporary folder: " + ec.message());
}

FrameFolder::~FrameFolder() {
    if (finished_) return;
    std::error_code ec;
    fs::remove_all(tmp_, ec);
}

std::string FrameFolder::frame_name(int index, const std::string& extension) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%05d", index);
    return name + extension;
}

void FrameFolder::add(const std::string& extension, const std::function<void(const fs::path&)>& write) {
    require(!finished_, target_.string() + ": write after finish");
    write(tmp_ / frame_name(frames_, extension));
    ++frames_;
}

void FrameFolder::finish() {
    require(!finished_, target_.string() + ": finish called twice");
    if (frames_ == 0) throw Error(target_.string() + ": no frames to write");
    move_folder_into_place(tmp_, target_, overwrite_);
    finished_ = true;
}

}  // namespace ivid

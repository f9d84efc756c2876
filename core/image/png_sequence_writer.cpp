#include "core/image/png_sequence_writer.hpp"

#include <cstdio>

#include "core/image/image_io.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"

namespace fs = std::filesystem;

namespace ivid {

PngSequenceWriter::PngSequenceWriter(const fs::path& target, bool overwrite)
    : target_(target), overwrite_(overwrite) {
    require_writable_destination(target, overwrite);
    tmp_ = temporary_sibling(target, "partial");
    std::error_code ec;
    fs::create_directory(tmp_, ec);
    if (ec) throw Error(target.string() + ": cannot create a temporary folder: " + ec.message());
}

PngSequenceWriter::~PngSequenceWriter() {
    if (finished_) return;
    std::error_code ec;
    fs::remove_all(tmp_, ec);
}

std::string PngSequenceWriter::frame_name(int index) {
    char name[32];
    std::snprintf(name, sizeof name, "frame_%05d.png", index);
    return name;
}

void PngSequenceWriter::write(const ImageU8& rgb) {
    require(!finished_, target_.string() + ": write after finish");
    write_png(tmp_ / frame_name(frames_), rgb);
    ++frames_;
}

void PngSequenceWriter::finish() {
    require(!finished_, target_.string() + ": finish called twice");
    if (frames_ == 0) throw Error(target_.string() + ": no frames to write");
    move_folder_into_place(tmp_, target_, overwrite_);
    finished_ = true;
}

}  // namespace ivid

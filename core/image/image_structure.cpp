#include "core/image/image_structure.hpp"

#include <zlib.h>

#include <string>

#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"

namespace fs = std::filesystem;

namespace ivid {
namespace {

// Reads the file's bytes and fails with the file's name.
class FileBytes {
public:
    explicit FileBytes(const fs::path& path) : path_(path), bytes_(read_text_file(path)) {}
    size_t size() const { return bytes_.size(); }
    bool starts_with(const std::string& magic) const { return bytes_.compare(0, magic.size(), magic) == 0; }
    uint8_t at(size_t i) const { return uint8_t(bytes_[i]); }
    uint32_t be32(size_t i) const { return uint32_t(at(i)) << 24 | uint32_t(at(i + 1)) << 16 | uint32_t(at(i + 2)) << 8 | at(i + 3); }
    uint32_t le32(size_t i) const { return uint32_t(at(i + 3)) << 24 | uint32_t(at(i + 2)) << 16 | uint32_t(at(i + 1)) << 8 | at(i); }
    const char* data(size_t i) const { return bytes_.data() + i; }
    [[noreturn]] void fail(const std::string& why) const {
        throw Error(path_.string() + ": cannot decode image: " + why);
    }
    void check_side(const std::string& format, int64_t width, int64_t height) const {
        if (width > kMaxImageSide || height > kMaxImageSide)
            throw Error::at(path_.string(), format + " header", "at most " + std::to_string(kMaxImageSide) + " pixels per side",
                            std::to_string(width) + "x" + std::to_string(height));
    }

private:
    fs::path path_;
    std::string bytes_;
};

// Every chunk's length within the file and its CRC right, the IHDR size within kMaxImageSide, an
// IEND chunk at the end: a truncated or damaged file makes libpng print its own lines before the
// error, and a claimed size beyond reason is caught only by an assertion deep in OpenCV.
void check_png(const FileBytes& f) {
    for (size_t at = 8;;) {
        if (f.size() - at < 12) f.fail("truncated PNG (no IEND chunk; the file ends at byte " + std::to_string(f.size()) + ")");
        const uint32_t length = f.be32(at);
        const std::string type(f.data(at + 4), 4);
        if (length > f.size() - at - 12)
            f.fail("truncated PNG (chunk " + type + " at byte " + std::to_string(at) + " runs past the end of the file)");
        if (at == 8 && type == "IHDR" && length >= 8) f.check_side("PNG", f.be32(at + 8), f.be32(at + 12));
        const uint32_t crc = uint32_t(::crc32(::crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(f.data(at + 4)), length + 4));
        if (crc != f.be32(at + 8 + length)) f.fail("corrupt PNG (CRC mismatch in chunk " + type + " at byte " + std::to_string(at) + ")");
        if (type == "IEND") return;
        at += 12 + size_t(length);
    }
}

// OpenEXR's header layout (openexr.com, "OpenEXR File Layout"): magic, a version word whose bit
// 0x1000 marks a multi-part file, then one header (or, multi-part, headers until an empty one),
// each a list of attributes `name\0 type\0 int32 size, value` ended by an empty name. Every value
// must lie within the file, and a dataWindow (box2i: xmin, ymin, xmax, ymax) be a sane size.
void check_exr(const FileBytes& f) {
    const bool multipart = (f.le32(4) & 0x1000) != 0;
    size_t at = 8;
    const auto text = [&](const char* what) {
        const size_t start = at;
        while (at < f.size() && f.at(at) != 0) ++at;
        if (at >= f.size()) f.fail(std::string("truncated EXR header (") + what + " at byte " + std::to_string(start) + " has no end)");
        return std::string(f.data(start), at++ - start);
    };
    for (;;) {
        for (;;) {
            const std::string name = text("attribute name");
            if (name.empty()) break;
            const std::string type = text("attribute type");
            if (f.size() - at < 4) f.fail("truncated EXR header (attribute '" + name + "' has no size)");
            const uint32_t size = f.le32(at);
            at += 4;
            if (size > f.size() - at)
                f.fail("corrupt EXR header (attribute '" + name + "' claims " + std::to_string(size) + " bytes, the file has " +
                       std::to_string(f.size() - at) + " left)");
            if (name == "dataWindow" && type == "box2i" && size == 16) {
                const auto coordinate = [&](size_t i) { return int64_t(int32_t(f.le32(at + 4 * i))); };
                const int64_t width = coordinate(2) - coordinate(0) + 1, height = coordinate(3) - coordinate(1) + 1;
                if (width < 1 || height < 1) f.fail("corrupt EXR header (an empty data window)");
                f.check_side("EXR", width, height);
            }
            at += size;
        }
        if (!multipart) return;
        if (at >= f.size()) f.fail("truncated EXR (no end of the part headers)");
        if (f.at(at) == 0) return;  // an empty header ends a multi-part file's list
    }
}

}  // namespace

void check_image_structure(const fs::path& path) {
    const FileBytes f(path);
    if (f.size() >= 8 && f.starts_with("\x89PNG\r\n\x1a\n")) check_png(f);
    if (f.size() >= 8 && f.starts_with(std::string("\x76\x2f\x31\x01", 4))) check_exr(f);
}

}  // namespace ivid

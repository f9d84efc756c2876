#include "core/util/zip_archive.hpp"

#include <zlib.h>

#include <algorithm>
#include <fstream>
#include <limits>

#include "core/util/error.hpp"
#include "core/util/input_file.hpp"

namespace ivid {
namespace {

constexpr uint32_t kLocalHeaderSig = 0x04034b50, kCentralHeaderSig = 0x02014b50, kEndSig = 0x06054b50,
                   kZip64EndSig = 0x06064b50, kZip64LocatorSig = 0x07064b50;
constexpr size_t kLocalHeaderSize = 30, kCentralHeaderSize = 46, kEndSize = 22, kZip64LocatorSize = 20,
                 kZip64EndSize = 56;
constexpr uint16_t kZip64ExtraId = 0x0001;
constexpr uint32_t kZip64Marker = 0xFFFFFFFF;

// Deflate's largest expansion is about 1032:1; a member that declares more is corrupt or a bomb,
// and is refused before its output is allocated.
constexpr uint64_t kMaxDeflateRatio = 1032;

std::string inflate_raw(const std::string& data, uint64_t size, const std::string& what) {
    if (data.size() > std::numeric_limits<uInt>::max() || size > std::numeric_limits<uInt>::max())
        throw Error(what + ": member larger than 4 GiB is not supported");
    if (size > (uint64_t(data.size()) + 1) * kMaxDeflateRatio)
        throw Error(what + ": corrupt zip archive: " + std::to_string(data.size()) + " deflated bytes declare " +
                    std::to_string(size) + " (more than deflate can expand)");
    std::string out(size_t(size), '\0');
    z_stream zs{};
    if (inflateInit2(&zs, -MAX_WBITS) != Z_OK) throw Error(what + ": cannot initialise zlib");
    zs.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    zs.avail_in = uInt(data.size());
    zs.next_out = reinterpret_cast<Bytef*>(out.data());
    zs.avail_out = uInt(size);
    const int rc = inflate(&zs, Z_FINISH);
    const uint64_t produced = zs.total_out;
    const std::string message = zs.msg ? zs.msg : "code " + std::to_string(rc);
    inflateEnd(&zs);
    if (rc != Z_STREAM_END || produced != size)
        throw Error(what + ": corrupt deflate data (zlib: " + message + ", " +
                    std::to_string(produced) + " of " + std::to_string(size) + " bytes)");
    return out;
}

}  // namespace

// Little-endian reads from a window of the file (bytes starting at file offset `base`) that name
// the archive when a structure runs past the window, that is past what the file holds there.
class ZipArchive::Reader {
public:
    Reader(const std::string& bytes, uint64_t base, std::string file)
        : bytes_(bytes), base_(base), file_(std::move(file)) {}

    void need(uint64_t offset, uint64_t length, const std::string& what) const {
        if (offset < base_ || offset - base_ > bytes_.size() || length > bytes_.size() - (offset - base_))
            throw Error(file_ + ": truncated or corrupt zip archive: " + what + " at byte " + std::to_string(offset) +
                        " lies outside the file or its directory");
    }
    uint64_t le(uint64_t offset, int width) const {
        uint64_t v = 0;
        for (int i = width - 1; i >= 0; --i) v = (v << 8) | uint8_t(bytes_[size_t(offset - base_) + size_t(i)]);
        return v;
    }
    uint16_t u16(uint64_t offset) const { return uint16_t(le(offset, 2)); }
    uint32_t u32(uint64_t offset) const { return uint32_t(le(offset, 4)); }
    uint64_t u64(uint64_t offset) const { return le(offset, 8); }
    std::string text(uint64_t offset, size_t length) const { return bytes_.substr(size_t(offset - base_), length); }

private:
    const std::string& bytes_;
    uint64_t base_;
    std::string file_;
};

ZipArchive::ZipArchive(const std::filesystem::path& file) : file_(file) {
    const std::string name = file.string();
    require_input_file(file);
    file_size_ = std::filesystem::file_size(file);
    if (file_size_ == 0) throw Error(name + ": empty file, expected a zip archive");
    const std::string head = read_range(0, std::min<uint64_t>(4, file_size_), "zip header");
    if (head.size() < 4 || Reader(head, 0, name).u32(0) != kLocalHeaderSig)
        throw Error(name + ": not a zip archive (the file does not start with a zip header)");

    // The end record lies in the last 22 + 65535 (comment) bytes; search backwards. Only this
    // tail and the central directory are read: members are read when asked for.
    if (file_size_ < kEndSize) throw Error(name + ": truncated or corrupt zip archive: no end of central directory record");
    const uint64_t lowest = file_size_ > kEndSize + 0xFFFF + kZip64LocatorSize ? file_size_ - kEndSize - 0xFFFF - kZip64LocatorSize : 0;
    const std::string tail = read_range(lowest, file_size_ - lowest, "end of central directory");
    const Reader r(tail, lowest, name);
    uint64_t end = file_size_ - kEndSize + 1;
    while (end-- > lowest && r.u32(end) != kEndSig) {}
    if (end + 1 == lowest)
        throw Error(name + ": truncated or corrupt zip archive: no end of central directory record");
    if (r.u16(end + 4) != 0 || r.u16(end + 6) != 0)
        throw Error(name + ": multi-disk zip archives are not supported");
    uint64_t count = r.u16(end + 10), dir_size = r.u32(end + 12), dir_offset = r.u32(end + 16);
    if (end >= lowest + kZip64LocatorSize && r.u32(end - kZip64LocatorSize) == kZip64LocatorSig) {
        const uint64_t z64 = r.u64(end - kZip64LocatorSize + 8);
        const std::string record = read_range(z64, kZip64EndSize, "zip64 end of central directory");
        const Reader z(record, z64, name);
        if (z.u32(z64) != kZip64EndSig)
            throw Error(name + ": corrupt zip archive: bad zip64 end of central directory signature");
        count = z.u64(z64 + 32);
        dir_size = z.u64(z64 + 40);
        dir_offset = z.u64(z64 + 48);
    }
    const std::string directory = read_range(dir_offset, dir_size, "central directory");
    read_directory(Reader(directory, dir_offset, name), dir_offset, count);
}

void ZipArchive::read_directory(const Reader& r, uint64_t p, uint64_t count) {
    const std::string name = file_.string();
    for (uint64_t i = 0; i < count; ++i) {
        r.need(p, kCentralHeaderSize, "central directory entry " + std::to_string(i));
        if (r.u32(p) != kCentralHeaderSig)
            throw Error(name + ": corrupt zip archive: bad central directory entry " + std::to_string(i));
        Member m;
        m.flags = r.u16(p + 8);
        m.method = r.u16(p + 10);
        m.crc32 = r.u32(p + 16);
        m.compressed_size = r.u32(p + 20);
        m.size = r.u32(p + 24);
        const uint16_t name_len = r.u16(p + 28), extra_len = r.u16(p + 30), comment_len = r.u16(p + 32);
        m.local_header_offset = r.u32(p + 42);
        r.need(p + kCentralHeaderSize, uint64_t(name_len) + extra_len + comment_len, "central directory entry");
        m.name = r.text(p + kCentralHeaderSize, name_len);
        // Zip64 extra field: the 64-bit values of exactly those fields that hold the marker.
        for (uint64_t e = p + kCentralHeaderSize + name_len; e + 4 <= p + kCentralHeaderSize + name_len + extra_len;) {
            const uint16_t id = r.u16(e), len = r.u16(e + 2);
            if (id == kZip64ExtraId) {
                uint64_t f = e + 4;
                for (uint64_t* field : {&m.size, &m.compressed_size, &m.local_header_offset})
                    if (*field == kZip64Marker && f + 8 <= e + 4 + len) {
                        *field = r.u64(f);
                        f += 8;
                    }
            }
            e += 4 + uint64_t(len);
        }
        members_.push_back(std::move(m));
        p += kCentralHeaderSize + name_len + extra_len + comment_len;
    }
}

std::string ZipArchive::read_range(uint64_t offset, uint64_t length, const std::string& what) const {
    if (offset > file_size_ || length > file_size_ - offset)
        throw Error(file_.string() + ": truncated or corrupt zip archive: " + what + " at byte " + std::to_string(offset) +
                    " runs past the end of the file (" + std::to_string(file_size_) + " bytes)");
    std::ifstream in(file_, std::ios::binary);
    std::string bytes(size_t(length), '\0');
    in.seekg(std::streamoff(offset));
    if (!in.read(bytes.data(), std::streamsize(length)))
        throw Error(file_.string() + ": cannot read " + what + " (the file changed while it was read?)");
    return bytes;
}

std::vector<std::string> ZipArchive::names() const {
    std::vector<std::string> out;
    for (const Member& m : members_) out.push_back(m.name);
    return out;
}

bool ZipArchive::contains(const std::string& name) const {
    for (const Member& m : members_)
        if (m.name == name) return true;
    return false;
}

const ZipArchive::Member& ZipArchive::member(const std::string& name) const {
    for (const Member& m : members_)
        if (m.name == name) return m;
    std::string present;
    for (const Member& m : members_) present += (present.empty() ? "" : ", ") + m.name;
    throw Error::at(file_.string(), "member " + name, "present", "absent (members: " + present + ")");
}

uint64_t ZipArchive::size_of(const std::string& name) const { return member(name).size; }

std::string ZipArchive::read(const std::string& name, uint64_t max_size) const {
    const Member& m = member(name);
    const std::string what = file_.string() + ": " + name;
    if (m.flags & 1) throw Error(what + ": encrypted zip members are not supported");
    if (m.size > max_size)
        throw Error(what + ": declares " + std::to_string(m.size) + " bytes, more than the " + std::to_string(max_size) +
                    " such a member can hold (corrupt archive or a zip bomb)");
    const std::string header = read_range(m.local_header_offset, kLocalHeaderSize, "local header of " + name);
    const Reader r(header, m.local_header_offset, file_.string());
    if (r.u32(m.local_header_offset) != kLocalHeaderSig) throw Error(what + ": corrupt zip archive: bad local header");
    const uint64_t data = m.local_header_offset + kLocalHeaderSize + r.u16(m.local_header_offset + 26) +
                          r.u16(m.local_header_offset + 28);
    std::string out;
    if (m.method == 0) {
        if (m.compressed_size != m.size)
            throw Error(what + ": corrupt zip archive: stored member with different sizes");
        out = read_range(data, m.size, "data of " + name);
    } else if (m.method == 8) {
        out = inflate_raw(read_range(data, m.compressed_size, "data of " + name), m.size, what);
    } else {
        throw Error::at(what, "compression method", "0 (stored) or 8 (deflate)", std::to_string(m.method));
    }
    const uint32_t crc = uint32_t(::crc32(::crc32(0L, Z_NULL, 0), reinterpret_cast<const Bytef*>(out.data()), uInt(out.size())));
    if (crc != m.crc32) throw Error(what + ": CRC-32 mismatch (corrupt zip archive)");
    return out;
}

}  // namespace ivid

// Reading zip archives such as NumPy's .npz (np.savez stores members, np.savez_compressed
// deflates them, both may add zip64 fields) and PyTorch checkpoints: only the central directory
// is read up front; members are read when asked for, whole, and checked against their CRC-32.
// What a member may inflate to is bounded before anything is allocated (zip bombs).
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ivid {

class ZipArchive {
public:
    // Reads the central directory. Throws Error naming the file when it is missing, not a regular
    // file, empty, not a zip archive, truncated or uses multiple disks.
    explicit ZipArchive(const std::filesystem::path& file);

    const std::filesystem::path& file() const { return file_; }
    std::vector<std::string> names() const;   // members in directory order
    bool contains(const std::string& name) const;
    // The size a member declares (uncompressed).
    uint64_t size_of(const std::string& name) const;
    // A member's bytes. Throws Error naming the file and member when it is missing, encrypted,
    // compressed other than stored/deflate, declares more than `max_size` bytes or more than its
    // deflated data can expand to, is truncated, or fails its CRC check.
    std::string read(const std::string& name, uint64_t max_size = UINT64_MAX) const;

private:
    struct Member {
        std::string name;
        uint16_t flags = 0;
        uint16_t method = 0;
        uint32_t crc32 = 0;
        uint64_t compressed_size = 0;
        uint64_t size = 0;
        uint64_t local_header_offset = 0;
    };
    class Reader;  // little-endian reads from a window of the file
    const Member& member(const std::string& name) const;
    void read_directory(const Reader& r, uint64_t offset, uint64_t count);
    std::string read_range(uint64_t offset, uint64_t length, const std::string& what) const;

    std::filesystem::path file_;
    uint64_t file_size_ = 0;
    std::vector<Member> members_;
};

}  // namespace ivid

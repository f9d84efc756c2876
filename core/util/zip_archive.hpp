// Reading zip archives such as NumPy's .npz (np.savez stores members, np.savez_compressed
// deflates them, both may add zip64 fields): the central directory is parsed once, members are
// extracted whole and checked against their CRC-32.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ivid {

class ZipArchive {
public:
    // Reads the whole file and its central directory. Throws Error naming the file when it is
    // missing, empty, not a zip archive, truncated or uses multiple disks.
    explicit ZipArchive(const std::filesystem::path& file);

    const std::filesystem::path& file() const { return file_; }
    std::vector<std::string> names() const;   // members in directory order
    bool contains(const std::string& name) const;
    // A member's bytes. Throws Error naming the file and member when it is missing, encrypted,
    // compressed other than stored/deflate, truncated, or fails its CRC check.
    std::string read(const std::string& name) const;

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
    const Member& member(const std::string& name) const;

    std::filesystem::path file_;
    std::string bytes_;
    std::vector<Member> members_;
};

}  // namespace ivid

// For fuzz targets whose loader reads a path: one private temporary folder per fuzzer process
// (removed when it exits) and the input written into it as a file.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <system_error>

namespace ivid::fuzz {

class FuzzDir {
public:
    FuzzDir() {
        std::string pattern = (std::filesystem::temp_directory_path() / "ivid-fuzz-XXXXXX").string();
        if (!mkdtemp(pattern.data())) std::abort();
        path_ = pattern;
    }
    ~FuzzDir() {
        std::error_code ignored;
        std::filesystem::remove_all(path_, ignored);
    }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline const std::filesystem::path& fuzz_dir() {
    static const FuzzDir dir;
    return dir.path();
}

inline void write_file(const std::filesystem::path& file, const uint8_t* data, size_t size) {
    std::ofstream out(file, std::ios::binary | std::ios::trunc);
    out.write(reinterpret_cast<const char*>(data), std::streamsize(size));
    if (!out.flush()) std::abort();  // the fuzzer itself is broken, not the loader
}

// The input as fuzz_dir()/name; returns its path.
inline std::filesystem::path input_file(const std::string& name, const uint8_t* data, size_t size) {
    std::filesystem::path file = fuzz_dir() / name;
    write_file(file, data, size);
    return file;
}

}  // namespace ivid::fuzz

// Small helpers shared by the unit tests: a self-deleting temporary folder, the message of a
// thrown ivid::Error, and file surgery for bad-input tests.
#pragma once

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iterator>
#include <string>
#include <unistd.h>

#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"

namespace ivid::test {

struct TempDir {
    std::filesystem::path path;
    TempDir() {
        path = std::filesystem::temp_directory_path() /
               ("ivid-test-" + std::to_string(::getpid()) + "-" + std::to_string(std::rand()));
        std::filesystem::create_directories(path);
    }
    ~TempDir() { std::filesystem::remove_all(path); }
};

// The message of the ivid::Error fn throws, or "" when it does not throw.
inline std::string message_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const Error& e) {
        return e.what();
    }
    return "";
}

inline bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

inline void write_bytes(const std::filesystem::path& p, const std::string& bytes) {
    std::ofstream(p, std::ios::binary | std::ios::trunc).write(bytes.data(), std::streamsize(bytes.size()));
}

inline void truncate_file(const std::filesystem::path& p, size_t keep) {
    std::string bytes = read_text_file(p);
    write_bytes(p, bytes.substr(0, std::min(keep, bytes.size())));
}

inline size_t entries_in(const std::filesystem::path& dir) {
    return size_t(std::distance(std::filesystem::directory_iterator(dir), std::filesystem::directory_iterator{}));
}

}  // namespace ivid::test

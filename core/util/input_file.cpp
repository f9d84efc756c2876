#include "core/util/input_file.hpp"

#include <cerrno>
#include <cstring>
#include <unistd.h>

#include "core/util/error.hpp"

namespace fs = std::filesystem;

namespace ivid {
namespace {

// What a non-regular file is, for the message.
std::string kind_of(fs::file_type type) {
    switch (type) {
        case fs::file_type::directory: return "is a folder, not a file";
        case fs::file_type::fifo: return "is a FIFO (named pipe), not a regular file";
        case fs::file_type::socket: return "is a socket, not a regular file";
        case fs::file_type::block:
        case fs::file_type::character: return "is a device, not a regular file";
        default: return "is not a regular file";
    }
}

}  // namespace

void require_input_file(const fs::path& path) {
    const auto fail = [&](const std::string& why) { throw Error(path.string() + ": cannot open: " + why); };
    std::error_code ec;
    const fs::file_status status = fs::status(path, ec);  // follows symlinks
    if (ec && ec != std::errc::no_such_file_or_directory) fail(ec.message());  // e.g. a symlink loop
    if (status.type() == fs::file_type::not_found) throw Error(path.string() + ": file not found");
    if (status.type() != fs::file_type::regular) fail(kind_of(status.type()));
    if (::access(path.c_str(), R_OK) != 0) fail(std::strerror(errno));  // "Permission denied"
}

}  // namespace ivid

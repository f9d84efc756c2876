#include "core/util/atomic_file.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <unistd.h>

#include "core/util/error.hpp"

namespace fs = std::filesystem;

namespace ivid {
namespace {

void remove_quietly(const fs::path& path) {
    std::error_code ec;
    fs::remove_all(path, ec);
}

}  // namespace

fs::path temporary_sibling(const fs::path& target, const std::string& tag) {
    static std::mt19937_64 rng{std::random_device{}()};
    fs::path name = target.filename();
    std::ostringstream suffix;
    suffix << "." << tag << "-" << ::getpid() << "-" << std::hex << rng();
    return target.parent_path() / ("." + name.string() + suffix.str());
}

void write_file_atomically(const fs::path& target,
                           const std::function<void(const fs::path&)>& write) {
    fs::path tmp = temporary_sibling(target, "tmp") ;
    tmp += target.extension();  // keep the extension: encoders pick the format from it
    try {
        write(tmp);
        std::error_code ec;
        fs::rename(tmp, target, ec);
        if (ec) throw Error(target.string() + ": cannot rename temporary file: " + ec.message());
    } catch (...) {
        remove_quietly(tmp);
        throw;
    }
}

void write_text_atomically(const fs::path& target, const std::string& text) {
    write_file_atomically(target, [&](const fs::path& tmp) {
        std::ofstream out(tmp, std::ios::binary);
        if (!out) throw Error(target.string() + ": cannot open for writing: " + std::strerror(errno));
        out << text;
        out.close();
        // errno says why (e.g. "No space left on device").
        if (!out) throw Error(target.string() + ": write failed: " + std::strerror(errno));
    });
}

void write_folder_atomically(const fs::path& target, bool overwrite,
                             const std::function<void(const fs::path&)>& fill) {
    fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    if (!fs::is_directory(parent))
        throw Error(parent.string() + ": parent folder does not exist");
    if (fs::exists(target) && !overwrite)
        throw Error(target.string() + ": already exists (use --force to overwrite)");
    fs::path tmp = temporary_sibling(target, "partial");
    try {
        fs::create_directory(tmp);
        fill(tmp);
    } catch (...) {
        remove_quietly(tmp);
        throw;
    }
    move_folder_into_place(tmp, target, overwrite);
}

void move_folder_into_place(const fs::path& tmp, const fs::path& target, bool overwrite) {
    std::error_code ec;
    if (fs::exists(target)) {
        if (!overwrite) {
            remove_quietly(tmp);
            throw Error(target.string() + ": already exists (use --force to overwrite)");
        }
        // Move the old folder aside first so the target name never points at a partial folder.
        fs::path old = temporary_sibling(target, "old");
        fs::rename(target, old, ec);
        if (ec) {
            remove_quietly(tmp);
            throw Error(target.string() + ": cannot replace existing folder: " + ec.message());
        }
        fs::rename(tmp, target, ec);
        if (ec) {
            fs::rename(old, target);
            remove_quietly(tmp);
            throw Error(target.string() + ": cannot move new folder in place: " + ec.message());
        }
        remove_quietly(old);
        return;
    }
    fs::rename(tmp, target, ec);
    if (ec) {
        remove_quietly(tmp);
        throw Error(target.string() + ": cannot move new folder in place: " + ec.message());
    }
}

void require_writable_destination(const fs::path& target, bool overwrite) {
    const fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    std::error_code ec;
    if (!fs::exists(parent, ec))
        throw Error(target.string() + ": parent folder does not exist");
    if (!fs::is_directory(parent, ec))
        throw Error(target.string() + ": " + parent.string() + " is not a folder");
    if (fs::exists(target, ec) && !overwrite)
        throw Error(target.string() + ": already exists (use --force to overwrite)");
    const fs::path probe = temporary_sibling(target, "probe");
    {
        std::ofstream out(probe, std::ios::binary);
        if (!out)
            throw Error(target.string() + ": cannot write into folder " + parent.string() + ": " +
                        std::strerror(errno));
    }
    remove_quietly(probe);
}

std::string read_text_file(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path.string() + ": cannot open (missing or unreadable)");
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace ivid

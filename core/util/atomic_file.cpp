#include "core/util/atomic_file.hpp"

#include <cerrno>
#include <cstdint>
#include <cstring>
#include <fstream>
#include <random>
#include <sstream>
#include <csignal>
#include <initializer_list>
#include <mutex>
#include <unistd.h>

#include "core/util/error.hpp"
#include "core/util/input_file.hpp"

namespace fs = std::filesystem;

namespace ivid {
namespace {

void remove_quietly(const fs::path& path) {
    std::error_code ec;
    fs::remove_all(path, ec);
}

// The process id in a temporary name ".<name>.<tag>-<pid>-<hex>..." of one of `tags`, or 0.
long owner_pid(const std::string& file_name, const std::string& prefix, std::initializer_list<const char*> tags) {
    if (file_name.compare(0, prefix.size(), prefix) != 0) return 0;
    const std::string rest = file_name.substr(prefix.size());
    for (const char* tag : tags) {
        const std::string head = std::string(tag) + "-";
        if (rest.compare(0, head.size(), head) != 0) continue;
        const size_t start = head.size(), end = rest.find('-', start);
        if (end == std::string::npos || end == start || end - start > 9) return 0;
        const std::string digits = rest.substr(start, end - start);
        if (digits.find_first_not_of("0123456789") != std::string::npos) return 0;
        return std::stol(digits);
    }
    return 0;
}

// Removes what a killed writer (kill -9, power loss) left next to `target`: temporary files and
// folders whose process no longer runs. Moved-aside old folders (tag "old") are kept: after a
// crash at the wrong moment they are the only copy.
void remove_stale_siblings(const fs::path& target) {
    const fs::path parent = target.parent_path().empty() ? fs::path(".") : target.parent_path();
    const std::string prefix = "." + target.filename().string() + ".";
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator(parent, ec)) {
        const long pid = owner_pid(entry.path().filename().string(), prefix, {"tmp", "partial", "probe"});
        if (pid > 0 && pid != long(::getpid()) && ::kill(pid_t(pid), 0) != 0 && errno == ESRCH)
            remove_quietly(entry.path());
    }
}

// The rename that makes a write atomic would replace a symlink (a dotfiles setup) by a plain file:
// write to the file the link points at instead. A loop or an unresolvable link is an error.
// Followed link by link, so a link to a file not written yet resolves too.
fs::path through_symlinks(const fs::path& target) {
    fs::path path = target;
    for (int hops = 0; hops < 40; ++hops) {  // Linux's own limit (MAXSYMLINKS)
        std::error_code ec;
        if (!fs::is_symlink(fs::symlink_status(path, ec))) return path;
        const fs::path link = fs::read_symlink(path, ec);
        if (ec) throw Error(target.string() + ": cannot follow symlink: " + ec.message());
        path = link.is_absolute() ? link : path.parent_path() / link;
    }
    throw Error(target.string() + ": cannot follow symlink: too many levels of symbolic links (a loop?)");
}

}  // namespace

fs::path temporary_sibling(const fs::path& target, const std::string& tag) {
    // One generator for the process, drawn under a lock: writers on several threads at once
    // (synth-dataset's workers each saving PNGs) would otherwise race on its state (TSan).
    static std::mutex rng_mutex;
    static std::mt19937_64 rng{std::random_device{}()};
    uint64_t id = 0;
    {
        std::lock_guard<std::mutex> lock(rng_mutex);
        id = rng();
    }
    remove_stale_siblings(target);
    fs::path name = target.filename();
    std::ostringstream suffix;
    suffix << "." << tag << "-" << ::getpid() << "-" << std::hex << id;
    return target.parent_path() / ("." + name.string() + suffix.str());
}

void write_file_atomically(const fs::path& target,
                           const std::function<void(const fs::path&)>& write) {
    const fs::path destination = through_symlinks(target);
    fs::path tmp = temporary_sibling(destination, "tmp");
    tmp += target.extension();  // keep the extension: encoders pick the format from it
    try {
        write(tmp);
        std::error_code ec;
        fs::rename(tmp, destination, ec);
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
    if (target.empty()) throw Error("output path \"\": expected a file or folder name");
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

void require_distinct_outputs(const std::vector<std::pair<std::string, fs::path>>& outputs) {
    std::vector<std::pair<std::string, fs::path>> seen;
    for (const auto& [option, path] : outputs) {
        if (path.empty()) continue;
        std::error_code ec;
        const fs::path real = fs::absolute(through_symlinks(path));
        fs::path resolved = fs::weakly_canonical(real, ec);  // ../ and symlinked folders
        if (ec) resolved = real.lexically_normal();
        for (const auto& [other_option, other] : seen)
            if (other == resolved)
                throw Error(option + " " + path.string() + ": same file as " + other_option +
                            " (one output would replace the other)");
        seen.emplace_back(option, resolved);
    }
}

std::string read_text_file(const fs::path& path) {
    require_input_file(path);
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(path.string() + ": cannot open: " + std::strerror(errno));
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

}  // namespace ivid

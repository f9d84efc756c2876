// Atomic writes: write to a temporary sibling, then rename over the target, so a crash or an
// error never leaves a half-written file or folder behind.
#pragma once

#include <filesystem>
#include <functional>
#include <string>
#include <utility>
#include <vector>

namespace ivid {

// Calls write(tmp_path) with a temporary path next to `target`, then renames it onto `target`.
// On any exception the temporary file is removed and the exception propagates. A symlinked
// `target` stays a symlink: the file it points at is replaced.
void write_file_atomically(const std::filesystem::path& target,
                           const std::function<void(const std::filesystem::path&)>& write);

// Writes `text` to `target` atomically.
void write_text_atomically(const std::filesystem::path& target, const std::string& text);

// Creates a fresh temporary folder next to `target` for fill(tmp_dir), then moves it to `target`.
// An existing `target` is an error unless `overwrite`; then it is replaced only after the new
// folder is complete. On failure the temporary folder is removed and `target` is untouched.
void write_folder_atomically(const std::filesystem::path& target, bool overwrite,
                             const std::function<void(const std::filesystem::path&)>& fill);

// A fresh hidden name next to `target` (".<name>.<tag>-<pid>-<random>"), for writers that fill a
// temporary file or folder over time (e.g. frame by frame) and move it in place when complete.
// Temporaries of `target` left by processes that no longer run are removed first.
std::filesystem::path temporary_sibling(const std::filesystem::path& target, const std::string& tag);

// Moves the complete folder `tmp` onto `target`. An existing `target` is replaced only when
// `overwrite` (it is moved aside first, so `target` never names a partial folder); otherwise,
// and on any failure, throws Error naming `target`. `tmp` is removed when the move fails.
void move_folder_into_place(const std::filesystem::path& tmp, const std::filesystem::path& target,
                            bool overwrite);

// Throws Error naming the folder when the parent folder of `target` is missing, not a folder, or
// refuses a new file (probed by creating and removing one, so read-only mounts and immutable
// folders are caught even for root). Also refuses an existing `target` unless `overwrite`.
void require_writable_destination(const std::filesystem::path& target, bool overwrite);

// Throws Error naming both options when two of `outputs` (option name, path; empty paths are
// skipped) resolve to the same file, so one output never silently replaces another.
void require_distinct_outputs(const std::vector<std::pair<std::string, std::filesystem::path>>& outputs);

// Reads a whole file; throws Error naming the path when it cannot be read.
std::string read_text_file(const std::filesystem::path& path);

}  // namespace ivid

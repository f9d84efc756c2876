// SHA-256 (FIPS 180-4) of files, for the model hashes recorded in scene provenance.
#pragma once

#include <filesystem>
#include <string>

namespace ivid {

// Lower-case hex digest of `bytes`.
std::string sha256_hex(const std::string& bytes);
// Lower-case hex digest of a file, read in chunks; an unreadable file is an Error naming it.
std::string sha256_file(const std::filesystem::path& file);

}  // namespace ivid

// .npz: the zip reader (ZipArchive, from a file) and every member through read_npy, as the
// dataset loader reads MiDaS depth archives.
#include <cstddef>
#include <cstdint>
#include <sstream>

#include "core/image/npy.hpp"
#include "core/util/error.hpp"
#include "core/util/zip_archive.hpp"
#include "tests/fuzz/fuzz_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const ivid::ZipArchive archive(ivid::fuzz::input_file("input.npz", data, size));
        for (const auto& name : archive.names()) {
            try {
                std::istringstream member(archive.read(name));
                ivid::read_npy(member, name);
            } catch (const ivid::Error&) {
            }
        }
    } catch (const ivid::Error&) {
        // Refused archives are expected; crashes, leaks and other exceptions are findings.
    }
    return 0;
}

// The image decoders (OpenCV behind read_image_u8, read_png16, read_exr), from a file. The first
// byte picks the reader so one corpus of PNG and EXR seeds serves all of them.
#include <cstddef>
#include <cstdint>

#include "core/image/image_io.hpp"
#include "core/util/error.hpp"
#include "tests/fuzz/fuzz_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size == 0) return 0;
    try {
        const auto file = ivid::fuzz::input_file("image", data + 1, size - 1);
        switch (data[0] % 5) {
            case 0: ivid::read_image_u8(file, 3); break;
            case 1: ivid::read_image_u8(file, 1); break;
            case 2: ivid::read_image_u8(file, 3, true); break;
            case 3: ivid::read_png16(file); break;
            default: ivid::read_exr(file); break;
        }
    } catch (const ivid::Error&) {
        // Refused images are expected; crashes, leaks and other exceptions are findings.
    }
    return 0;
}

// .npy from a stream (read_npy), then every conversion a loaded array goes through.
#include <cstddef>
#include <cstdint>
#include <sstream>
#include <string>

#include "core/image/npy.hpp"
#include "core/util/error.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
        const ivid::NpyArray array = ivid::read_npy(in, "input.npy");
        array.as_float();
        array.as_double();
        array.as_int();  // float elements without an integer value are an Error
        try {
            ivid::npy_to_image(array, "input.npy");
        } catch (const ivid::Error&) {
        }
        ivid::npy_to_image_u8(array, "input.npy");
    } catch (const ivid::Error&) {
        // Refused arrays are expected; crashes, leaks and other exceptions are findings.
    }
    return 0;
}

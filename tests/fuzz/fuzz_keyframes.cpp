// Keyframe path JSON (load_keyframes), then the interpolation a loaded path feeds.
#include <cstddef>
#include <cstdint>

#include "core/geometry/camera.hpp"
#include "core/util/error.hpp"
#include "tests/fuzz/fuzz_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const ivid::KeyframePath path = ivid::load_keyframes(ivid::fuzz::input_file("keyframes.json", data, size));
        ivid::trajectory_keyframes(path, 16);
    } catch (const ivid::Error&) {
        // Refused paths are expected; crashes, leaks and other exceptions are findings.
    }
    return 0;
}

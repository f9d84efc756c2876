// Custom viewset JSON files as parse_viewset reads them (FILE.json), then the poses of a seed.
#include <cstddef>
#include <cstdint>

#include "core/pipeline/viewset_spec.hpp"
#include "core/util/error.hpp"
#include "tests/fuzz/fuzz_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const auto spec = ivid::pipeline::parse_viewset(ivid::fuzz::input_file("viewset.json", data, size).string());
        spec.poses_for_seed(1);
    } catch (const ivid::Error&) {
        // Refused viewsets are expected; crashes, leaks and other exceptions are findings.
    }
    return 0;
}

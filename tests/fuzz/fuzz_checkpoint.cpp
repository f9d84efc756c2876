// PyTorch checkpoints (read_checkpoint: zip archive + data.pkl + storages), from a file.
#include <cstddef>
#include <cstdint>

#include "core/nn/checkpoint_reader.hpp"
#include "core/util/error.hpp"
#include "tests/fuzz/fuzz_files.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        ivid::nn::read_checkpoint(ivid::fuzz::input_file("model.pt", data, size));
    } catch (const ivid::Error&) {
        // Refused checkpoints are expected; crashes, leaks and other exceptions are findings.
    }
    return 0;
}

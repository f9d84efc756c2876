// pack.json (load_model_pack) in a folder that holds the model files the seed pack names, so
// inputs get past the file checks to the sampler, aggregation and correction settings.
#include <cstddef>
#include <cstdint>

#include "core/pipeline/model_pack.hpp"
#include "core/util/error.hpp"
#include "tests/fuzz/fuzz_files.hpp"

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    for (const char* name : {"uncond.json", "uncond.pt", "cond.json", "cond.pt"})
        ivid::fuzz::write_file(ivid::fuzz::fuzz_dir() / name, nullptr, 0);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        ivid::fuzz::input_file("pack.json", data, size);
        const auto pack = ivid::pipeline::load_model_pack(ivid::fuzz::fuzz_dir());
        pack.models.unconditional.recorded_config();
        pack.models.conditional.recorded_checkpoint();
    } catch (const ivid::Error&) {
        // Refused packs are expected; crashes, leaks and other exceptions are findings.
    }
    return 0;
}

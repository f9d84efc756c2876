// IVID model config JSON (configs/*.json) through parse_json_text and parse_model_config.
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/nn/adm_config.hpp"
#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const auto doc = ivid::parse_json_text(std::string(reinterpret_cast<const char*>(data), size), "config.json");
        const auto config = ivid::nn::parse_model_config(doc, "config.json");
        for (int mult : config.backbone.channel_mult) config.backbone.heads_for(config.backbone.model_channels * mult);
    } catch (const ivid::Error&) {
        // A refused config is the expected outcome; crashes, leaks and other exceptions are findings.
    }
    return 0;
}

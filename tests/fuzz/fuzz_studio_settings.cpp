// The studio's settings.json through parse_json_text and settings_from_json (no GL context needed).
#include <cstddef>
#include <cstdint>
#include <string>

#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"
#include "gui/state/studio_settings.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const auto doc = ivid::parse_json_text(std::string(reinterpret_cast<const char*>(data), size), "settings.json");
        ivid::settings_from_json(doc, "settings.json");
    } catch (const ivid::Error&) {
        // Refused settings are expected; crashes, leaks and other exceptions are findings.
    }
    return 0;
}

#include "core/util/error.hpp"

namespace ivid {

Error::Error(const std::string& message) : std::runtime_error(message) {}

Error Error::at(const std::string& file, const std::string& key, const std::string& expected,
                const std::string& found) {
    std::string msg = file;
    if (!key.empty()) msg += (msg.empty() ? "" : ": ") + key;
    if (!expected.empty()) msg += (msg.empty() ? "" : ": ") + std::string("expected ") + expected;
    if (!found.empty()) msg += (expected.empty() ? ": found " : ", found ") + found;
    return Error(msg);
}

void require(bool condition, const std::string& message) {
    if (!condition) throw Error(message);
}

}  // namespace ivid

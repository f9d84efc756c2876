// ivid::Error: the one exception type of the project. It carries what failed and where
// (file, key, expected vs found) so the CLI can print one line and the GUI one message.
#pragma once

#include <stdexcept>
#include <string>

namespace ivid {

class Error : public std::runtime_error {
public:
    explicit Error(const std::string& message);

    // "<file>: <key>: expected <expected>, found <found>" with empty parts left out.
    static Error at(const std::string& file, const std::string& key, const std::string& expected,
                    const std::string& found);
};

// Throws Error(message) when condition is false.
void require(bool condition, const std::string& message);

}  // namespace ivid

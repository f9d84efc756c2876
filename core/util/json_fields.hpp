// Validated access to JSON documents read from files: every accessor checks presence, type and
// finiteness and throws an Error naming the file, the full key path ("views[2].modelview[1][3]"),
// what was expected and what was found.
#pragma once

#include <cstdint>
#include <filesystem>
#include <set>
#include <string>

#include <nlohmann/json.hpp>

#include "core/util/enum_names.hpp"

namespace ivid {

// Parses a JSON file; a missing file, a syntax error or nesting deeper than 128 levels is an Error
// naming the file. Every JSON input of the project is read through these two.
nlohmann::json parse_json_file(const std::filesystem::path& file);
// The same for JSON text; `what` names its source in errors.
nlohmann::json parse_json_text(const std::string& text, const std::string& what);

// A float setting as the decimal it was written as, for JSON output (0.03, not 0.029999999329447746).
double json_decimal(float value);

// A JSON value plus where it came from. Cheap to copy; refers into the parsed document.
class JsonAt {
public:
    JsonAt(const nlohmann::json& value, std::string file, std::string key = "");

    JsonAt operator[](const std::string& name) const;  // required member of an object
    JsonAt operator[](size_t index) const;             // element of an array
    bool has(const std::string& name) const;           // object with that member

    size_t array_size() const;         // requires an array
    size_t array_size(size_t expected) const;  // requires an array of exactly `expected` items
    double number() const;             // finite number
    float finite_float() const;        // finite number that stays finite as float32
    int64_t integer() const;
    uint64_t unsigned_integer() const;
    std::string string() const;
    bool boolean() const;
    const nlohmann::json& object() const;  // requires an object
    // The value a string names in `table` (core/util/enum_names.hpp); another string or another
    // type fails listing the table's names.
    template <typename Enum, size_t N>
    Enum enum_value(const EnumName<Enum> (&table)[N]) const;

    const nlohmann::json& value() const { return value_; }
    const std::string& file() const { return file_; }
    const std::string& key() const { return key_; }

    // Throws Error::at(file, key, expected, found).
    [[noreturn]] void fail(const std::string& expected, const std::string& found) const;
    // "an array [1,2,..." - a short description of the value for messages.
    std::string describe() const;

private:
    const nlohmann::json& value_;
    std::string file_, key_;
};

template <typename Enum, size_t N>
Enum JsonAt::enum_value(const EnumName<Enum> (&table)[N]) const {
    if (value_.is_string())
        for (const EnumName<Enum>& entry : table)
            if (value_.get_ref<const std::string&>() == entry.name) return entry.value;
    fail(enum_choices(table), describe());
}

// Error naming the file and `at`'s key path for a member of the object `at` not in `known`
// (`list` names the known keys for the message).
void reject_unknown_keys(const JsonAt& at, const std::set<std::string>& known, const std::string& list);

}  // namespace ivid

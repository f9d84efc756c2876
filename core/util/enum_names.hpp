// The one way an enum meets its names in files, flags and messages: each enum keeps a constexpr
// table of {value, "name"} pairs next to its declaration, and these functions read any such table.
// Per-enum wrappers follow one scheme: parse_<thing>(name, ...) and <thing>_name(value).
#pragma once

#include <cstddef>
#include <string>

#include "core/util/error.hpp"

namespace ivid {

template <typename Enum>
struct EnumName {
    Enum value;
    const char* name;
};

// The accepted names for messages: "\"a\"", "\"a\" or \"b\"", "\"a\", \"b\" or \"c\"".
template <typename Enum, size_t N>
std::string enum_choices(const EnumName<Enum> (&table)[N]) {
    std::string choices;
    for (size_t i = 0; i < N; ++i)
        choices += (i == 0 ? "" : i + 1 == N ? " or " : ", ") + ("\"" + std::string(table[i].name) + "\"");
    return choices;
}

// The name of `value`. A value missing from its table is a bug in the table: an Error saying so,
// never a made-up name written to a file.
template <typename Enum, size_t N>
std::string enum_name(const EnumName<Enum> (&table)[N], Enum value) {
    for (const EnumName<Enum>& entry : table)
        if (entry.value == value) return entry.name;
    throw Error("enum value " + std::to_string(static_cast<long long>(value)) + " has no name (one of " +
                enum_choices(table) + " expected)");
}

// The value called `name`; anything else is Error::at(source, key, <the accepted names>, "\"name\"")
// (e.g. "--sr-mode: super-resolution mode: expected \"independent\" or \"consistent\", found \"x\"").
template <typename Enum, size_t N>
Enum parse_enum(const EnumName<Enum> (&table)[N], const std::string& name, const std::string& source,
                const std::string& key) {
    for (const EnumName<Enum>& entry : table)
        if (name == entry.name) return entry.value;
    throw Error::at(source, key, enum_choices(table), "\"" + name + "\"");
}

}  // namespace ivid

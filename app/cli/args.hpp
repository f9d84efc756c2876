// Flag parsing shared by every `ivid` command: declared options give --help text, parsing
// checks types and unknown flags and throws UsageError naming the flag and value.
#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "core/util/error.hpp"

namespace ivid::cli {

class UsageError : public Error {
public:
    using Error::Error;
};

class ArgParser {
public:
    // `program` prefixes the usage line ("ivid" for the CLI's commands, "" for a program of its own).
    ArgParser(std::string command, std::string summary, std::string program = "ivid");

    // --name VALUE with a default ("" = required unless optional).
    void option(const std::string& name, const std::string& metavar, const std::string& help,
                const std::string& default_value = "", bool required = false);
    // --name (boolean switch).
    void flag(const std::string& name, const std::string& help);
    // A positional argument.
    void positional(const std::string& name, const std::string& help, bool required = true);

    // Returns false when --help was given (help already printed to stdout).
    bool parse(const std::vector<std::string>& args);

    std::string get(const std::string& name) const;
    int get_int(const std::string& name) const;
    double get_double(const std::string& name) const;
    // An integer in [lo, hi].
    int get_int_in(const std::string& name, int lo, int hi) const;
    // A number in [lo, hi].
    double get_double_in(const std::string& name, double lo, double hi) const;
    // "on" or "off".
    bool get_on_off(const std::string& name) const;
    // A non-negative integer (a seed).
    uint64_t get_seed(const std::string& name) const;
    // Seeds "A-B" (A <= B) or "A" (A-A): {A, B}.
    std::pair<uint64_t, uint64_t> get_seed_range(const std::string& name) const;
    // Seeds and ranges like IVID's parse_int_list, "0-3,7" -> 0 1 2 3 7, at most max_count seeds
    // in all (UsageError naming the option otherwise).
    std::vector<uint64_t> get_seed_list(const std::string& name, size_t max_count) const;
    // An image size "WxH" (or "N" for N x N), both positive: {width, height}.
    std::pair<int, int> get_size(const std::string& name) const;
    bool is_set(const std::string& name) const;   // flag given, option or positional present
    std::string help() const;

private:
    struct Spec {
        std::string name, metavar, help, default_value;
        bool is_flag = false, required = false, positional = false;
    };
    const Spec& spec(const std::string& name) const;
    std::string command_, summary_, program_;
    std::vector<Spec> specs_;
    std::map<std::string, std::string> values_;
};

}  // namespace ivid::cli

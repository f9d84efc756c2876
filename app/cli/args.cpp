#include "app/cli/args.hpp"

#include <cstdio>
#include <sstream>

namespace ivid::cli {

ArgParser::ArgParser(std::string command, std::string summary, std::string program)
    : command_(std::move(command)), summary_(std::move(summary)), program_(std::move(program)) {
    flag("help", "show this help and exit");
}

void ArgParser::option(const std::string& name, const std::string& metavar, const std::string& help,
                       const std::string& default_value, bool required) {
    specs_.push_back({name, metavar, help, default_value, false, required, false});
}

void ArgParser::flag(const std::string& name, const std::string& help) {
    specs_.push_back({name, "", help, "", true, false, false});
}

void ArgParser::positional(const std::string& name, const std::string& help, bool required) {
    specs_.push_back({name, "", help, "", false, required, true});
}

const ArgParser::Spec& ArgParser::spec(const std::string& name) const {
    for (const auto& s : specs_) if (s.name == name) return s;
    throw Error("internal: undeclared argument " + name);
}

bool ArgParser::parse(const std::vector<std::string>& args) {
    size_t next_positional = 0;
    std::vector<const Spec*> positionals;
    for (const auto& s : specs_) if (s.positional) positionals.push_back(&s);
    for (size_t i = 0; i < args.size(); ++i) {
        std::string a = args[i];
        if (a == "-h" || a == "--help") {
            std::fputs(help().c_str(), stdout);
            return false;
        }
        if (a.rfind("--", 0) == 0) {
            std::string name = a.substr(2), value;
            bool inline_value = false;
            if (auto eq = name.find('='); eq != std::string::npos) {
                value = name.substr(eq + 1);
                name = name.substr(0, eq);
                inline_value = true;
            }
            const Spec* s = nullptr;
            for (const auto& cand : specs_) if (!cand.positional && cand.name == name) s = &cand;
            if (!s) throw UsageError(command_ + ": unknown option --" + name + " (see --help)");
            if (s->is_flag) {
                if (inline_value) throw UsageError(command_ + ": --" + name + " takes no value");
                values_[name] = "1";
                continue;
            }
            if (!inline_value) {
                if (i + 1 >= args.size()) throw UsageError(command_ + ": --" + name + " needs a value " + s->metavar);
                value = args[++i];
            }
            values_[name] = value;
            continue;
        }
        if (next_positional >= positionals.size())
            throw UsageError(command_ + ": unexpected argument '" + a + "' (see --help)");
        values_[positionals[next_positional++]->name] = a;
    }
    for (const auto& s : specs_)
        if (s.required && !values_.count(s.name))
            throw UsageError(command_ + ": missing " + (s.positional ? s.name : "--" + s.name) + " (see --help)");
    return true;
}

std::string ArgParser::get(const std::string& name) const {
    auto it = values_.find(name);
    return it != values_.end() ? it->second : spec(name).default_value;
}

int ArgParser::get_int(const std::string& name) const {
    std::string v = get(name);
    try {
        size_t used = 0;
        int x = std::stoi(v, &used);
        if (used == v.size()) return x;
    } catch (const std::out_of_range&) {  // digits, but beyond int
        throw UsageError(command_ + ": --" + name + ": expected an integer of at most 10 digits (up to 2147483647), found '" + v + "'");
    } catch (...) {
    }
    throw UsageError(command_ + ": --" + name + ": expected an integer, found '" + v + "'");
}

double ArgParser::get_double(const std::string& name) const {
    std::string v = get(name);
    try {
        size_t used = 0;
        double x = std::stod(v, &used);
        if (used == v.size()) return x;
    } catch (...) {
    }
    throw UsageError(command_ + ": --" + name + ": expected a number, found '" + v + "'");
}

int ArgParser::get_int_in(const std::string& name, int lo, int hi) const {
    const int value = get_int(name);
    if (value < lo || value > hi)
        throw UsageError(command_ + ": --" + name + ": expected " + std::to_string(lo) + ".." + std::to_string(hi) +
                         ", found " + std::to_string(value));
    return value;
}

double ArgParser::get_double_in(const std::string& name, double lo, double hi) const {
    const double value = get_double(name);
    if (!(value >= lo && value <= hi)) {
        std::ostringstream expected;
        expected << "expected a number from " << lo << " to " << hi;
        throw UsageError(command_ + ": --" + name + ": " + expected.str() + ", found " + get(name));
    }
    return value;
}

bool ArgParser::get_on_off(const std::string& name) const {
    const std::string value = get(name);
    if (value == "on") return true;
    if (value == "off") return false;
    throw UsageError(command_ + ": --" + name + ": expected on or off, found \"" + value + "\"");
}

namespace {

// Digits only (no sign, no spaces) that fit in 64 bits.
bool parse_unsigned(const std::string& text, uint64_t& value) {
    if (text.empty() || text.size() > 19 || text.find_first_not_of("0123456789") != std::string::npos) return false;
    value = std::stoull(text);
    return true;
}

// "A-B" or "A": the one rule of seed ranges (get_seed_range, and each item of get_seed_list).
bool parse_seed_range(const std::string& text, uint64_t& first, uint64_t& last) {
    const size_t dash = text.find('-');
    const bool ok = parse_unsigned(text.substr(0, dash), first) &&
                    (dash == std::string::npos ? (last = first, true) : parse_unsigned(text.substr(dash + 1), last));
    return ok && first <= last;
}

}  // namespace

uint64_t ArgParser::get_seed(const std::string& name) const {
    const std::string v = get(name);
    uint64_t value = 0;
    if (!parse_unsigned(v, value))
        throw UsageError(command_ + ": --" + name + ": expected a non-negative integer, found '" + v + "'");
    return value;
}

std::pair<uint64_t, uint64_t> ArgParser::get_seed_range(const std::string& name) const {
    const std::string v = get(name);
    uint64_t first = 0, last = 0;
    if (!parse_seed_range(v, first, last))
        throw UsageError(command_ + ": --" + name + ": expected A-B (non-negative integers, A <= B) or A, found '" +
                         v + "'");
    return {first, last};
}

std::vector<uint64_t> ArgParser::get_seed_list(const std::string& name, size_t max_count) const {
    const std::string v = get(name);
    const auto fail = [&] {
        return UsageError(command_ + ": --" + name + ": expected seeds and ranges like 0-3,7 (at most " +
                          std::to_string(max_count) + " seeds), found '" + v + "'");
    };
    std::vector<uint64_t> seeds;
    size_t start = 0;
    while (start <= v.size()) {
        const size_t comma = std::min(v.find(',', start), v.size());
        uint64_t first = 0, last = 0;
        if (!parse_seed_range(v.substr(start, comma - start), first, last) || last - first >= max_count ||
            seeds.size() + (last - first + 1) > max_count)
            throw fail();
        for (uint64_t k = 0; k <= last - first; ++k) seeds.push_back(first + k);
        start = comma + 1;
    }
    return seeds;
}

std::pair<int, int> ArgParser::get_size(const std::string& name) const {
    const std::string v = get(name);
    const size_t x = v.find('x');
    const std::string w = v.substr(0, x), h = x == std::string::npos ? w : v.substr(x + 1);
    const auto positive = [](const std::string& text) {
        if (text.empty() || text.size() > 6 || text.find_first_not_of("0123456789") != std::string::npos) return 0;
        return std::stoi(text);
    };
    const int width = positive(w), height = positive(h);
    if (width <= 0 || height <= 0)
        throw UsageError(command_ + ": --" + name + ": expected WxH or N (positive integers), found '" + v + "'");
    return {width, height};
}

bool ArgParser::is_set(const std::string& name) const { return values_.count(name) > 0; }

std::string ArgParser::help() const {
    std::ostringstream out;
    out << "usage: " << (program_.empty() ? "" : program_ + " ") << command_;
    for (const auto& s : specs_) if (s.positional) out << (s.required ? " " : " [") << s.name << (s.required ? "" : "]");
    out << " [options]\n\n" << summary_ << "\n\n";
    for (const auto& s : specs_) {
        if (!s.positional) continue;
        out << "  " << s.name << std::string(s.name.size() < 24 ? 24 - s.name.size() : 1, ' ') << s.help << "\n";
    }
    out << "options:\n";
    for (const auto& s : specs_) {
        if (s.positional) continue;
        std::string left = "--" + s.name + (s.is_flag ? "" : " " + s.metavar);
        out << "  " << left << std::string(left.size() < 24 ? 24 - left.size() : 1, ' ') << s.help;
        if (!s.default_value.empty()) out << " (default: " << s.default_value << ")";
        out << "\n";
    }
    return out.str();
}

}  // namespace ivid::cli

#include "core/util/json_fields.hpp"

#include <cmath>
#include <limits>

#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"

namespace ivid {

namespace {

// nlohmann's dump, comparison and copy recurse once per nesting level, so a document nested tens of
// thousands deep overflows the stack long after parsing succeeded. No file of the project nests
// more than ~6 levels; 128 leaves room for users' own `extra` blocks.
constexpr int kMaxJsonDepth = 128;

// Linear scan for '[' and '{' outside strings; throws Error naming the file and the byte.
void check_json_nesting(const std::string& text, const std::string& what) {
    int depth = 0;
    bool in_string = false, escaped = false;
    for (size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (in_string) {
            if (escaped) escaped = false;
            else if (c == '\\') escaped = true;
            else if (c == '"') in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '[' || c == '{') {
            if (++depth > kMaxJsonDepth)
                throw Error(what + ": JSON nested more than " + std::to_string(kMaxJsonDepth) + " levels deep (byte " +
                            std::to_string(i) + "): refused");
        } else if (c == ']' || c == '}') {
            --depth;
        }
    }
}

}  // namespace

nlohmann::json parse_json_text(const std::string& text, const std::string& what) {
    check_json_nesting(text, what);
    try {
        return nlohmann::json::parse(text);
    } catch (const nlohmann::json::parse_error& e) {
        throw Error(what + ": malformed JSON (byte " + std::to_string(e.byte) + "): " + e.what());
    } catch (const nlohmann::json::exception& e) {  // e.g. a number literal that overflows a double
        throw Error(what + ": malformed JSON: " + e.what());
    }
}

nlohmann::json parse_json_file(const std::filesystem::path& file) {
    return parse_json_text(read_text_file(file), file.string());
}

JsonAt::JsonAt(const nlohmann::json& value, std::string file, std::string key)
    : value_(value), file_(std::move(file)), key_(std::move(key)) {}

std::string JsonAt::describe() const {
    std::string text = value_.dump();
    if (text.size() > 40) text = text.substr(0, 37) + "...";
    return std::string(value_.type_name()) + " " + text;
}

void JsonAt::fail(const std::string& expected, const std::string& found) const {
    throw Error::at(file_, key_.empty() ? "(top level)" : key_, expected, found);
}

JsonAt JsonAt::operator[](const std::string& name) const {
    std::string child = key_.empty() ? name : key_ + "." + name;
    if (!value_.is_object()) fail("an object with key \"" + name + "\"", describe());
    auto it = value_.find(name);
    if (it == value_.end()) throw Error::at(file_, child, "a value", "the key is missing");
    return JsonAt(*it, file_, child);
}

JsonAt JsonAt::operator[](size_t index) const {
    if (!value_.is_array() || index >= value_.size())
        fail("an array with an item " + std::to_string(index), describe());
    return JsonAt(value_[index], file_, key_ + "[" + std::to_string(index) + "]");
}

bool JsonAt::has(const std::string& name) const {
    return value_.is_object() && value_.contains(name);
}

size_t JsonAt::array_size() const {
    if (!value_.is_array()) fail("an array", describe());
    return value_.size();
}

size_t JsonAt::array_size(size_t expected) const {
    size_t n = array_size();
    if (n != expected)
        fail("an array of " + std::to_string(expected) + " items", "an array of " + std::to_string(n));
    return n;
}

double JsonAt::number() const {
    if (!value_.is_number()) fail("a number", describe());
    double x = value_.get<double>();
    if (!std::isfinite(x)) fail("a finite number", std::to_string(x));
    return x;
}

float JsonAt::finite_float() const {
    double x = number();
    if (std::fabs(x) > double(std::numeric_limits<float>::max()))
        fail("a number within float32 range", value_.dump());
    return static_cast<float>(x);
}

int64_t JsonAt::integer() const {
    if (!value_.is_number_integer()) fail("an integer", describe());
    if (value_.is_number_unsigned() && value_.get<uint64_t>() > uint64_t(INT64_MAX))
        fail("an integer within int64 range", value_.dump());
    return value_.get<int64_t>();
}

uint64_t JsonAt::unsigned_integer() const {
    if (!value_.is_number_integer() || (!value_.is_number_unsigned() && value_.get<int64_t>() < 0))
        fail("a non-negative integer", describe());
    return value_.get<uint64_t>();
}

std::string JsonAt::string() const {
    if (!value_.is_string()) fail("a string", describe());
    return value_.get<std::string>();
}

bool JsonAt::boolean() const {
    if (!value_.is_boolean()) fail("true or false", describe());
    return value_.get<bool>();
}

const nlohmann::json& JsonAt::object() const {
    if (!value_.is_object()) fail("an object", describe());
    return value_;
}

void reject_unknown_keys(const JsonAt& at, const std::set<std::string>& known, const std::string& list) {
    for (const auto& item : at.object().items())
        if (!known.count(item.key()))
            throw Error::at(at.file(), at.key().empty() ? item.key() : at.key() + "." + item.key(),
                            "one of " + list, "unknown key");
}

double json_decimal(float value) { return std::stod(std::to_string(value)); }

}  // namespace ivid

#include "core/nn/pickle_machine.hpp"

#include <algorithm>
#include <cstring>
#include <map>

#include "core/util/error.hpp"

namespace ivid::nn {
namespace {

using Kind = PickleValue::Kind;
constexpr int kMaxDepth = 64;

class Machine {
public:
    Machine(const char* data, size_t size, const std::string& what, const PickleHooks& hooks)
        : data_(data), size_(size), what_(what), hooks_(hooks) {}

    PickleRef run() {
        for (;;) {
            const size_t at = pos_;
            const uint8_t op = uint8_t(take(1)[0]);
            if (op == '.') {  // STOP
                if (stack_.size() != 1) fail(at, "STOP with " + std::to_string(stack_.size()) + " values on the stack");
                return stack_.back();
            }
            step(op, at);
        }
    }

private:
    [[noreturn]] void fail(size_t at, const std::string& message) const {
        throw Error(what_ + ": corrupt pickle at byte " + std::to_string(at) + ": " + message);
    }

    const char* take(size_t n) {
        if (n > size_ - pos_)
            throw Error(what_ + ": pickle data ends early (needs " + std::to_string(n) + " more bytes at byte " +
                        std::to_string(pos_) + " of " + std::to_string(size_) + "): truncated file?");
        const char* p = data_ + pos_;
        pos_ += n;
        return p;
    }
    uint64_t unsigned_le(size_t n) {
        const auto* p = reinterpret_cast<const uint8_t*>(take(n));
        uint64_t v = 0;
        for (size_t i = 0; i < n; ++i) v |= uint64_t(p[i]) << (8 * i);
        return v;
    }
    std::string line() {
        const size_t start = pos_;
        while (*take(1) != '\n') {}
        return std::string(data_ + start, pos_ - start - 1);
    }

    void push(PickleRef v) { stack_.push_back(std::move(v)); }
    PickleRef pop(size_t at) {
        if (stack_.size() <= marks_back()) fail(at, "stack underflow");
        PickleRef v = stack_.back();
        stack_.pop_back();
        return v;
    }
    size_t marks_back() const { return marks_.empty() ? 0 : marks_.back(); }
    std::vector<PickleRef> pop_to_mark(size_t at) {
        if (marks_.empty()) fail(at, "no MARK on the stack");
        std::vector<PickleRef> items(stack_.begin() + marks_.back(), stack_.end());
        stack_.resize(marks_.back());
        marks_.pop_back();
        return items;
    }
    PickleRef& top(size_t at) {
        if (stack_.size() <= marks_back()) fail(at, "stack underflow");
        return stack_.back();
    }

    PickleRef scalar(Kind kind, int64_t integer = 0) {
        auto v = PickleValue::make(kind);
        v->integer = integer;
        return v;
    }
    PickleRef text(Kind kind, size_t length) {
        auto v = PickleValue::make(kind);
        v->text.assign(take(length), length);
        return v;
    }
    PickleRef sequence(size_t at, Kind kind, std::vector<PickleRef> items) {
        if (kind == Kind::Dict && items.size() % 2 != 0) fail(at, "odd number of dict items");
        auto v = PickleValue::make(kind);
        v->items = std::move(items);
        for (const PickleRef& item : v->items) nest(at, *v, *item);
        return v;
    }
    // Records that `inner` now sits inside `outer`; refuses nesting deeper than kMaxDepth.
    void nest(size_t at, PickleValue& outer, PickleValue& inner) {
        if (&inner == &outer) fail(at, "a container inside itself");
        inner.nested = true;
        outer.depth = std::max(outer.depth, inner.depth + 1);
        if (outer.depth > kMaxDepth)
            fail(at, "containers nested more than " + std::to_string(kMaxDepth) + " levels deep");
    }
    PickleRef global(std::string module, const std::string& name) {
        auto v = PickleValue::make(Kind::Global);
        v->text = std::move(module) + "." + name;
        return v;
    }
    PickleRef call(size_t at, const PickleRef& callable, const PickleRef& args) {
        if (callable->kind != Kind::Global) fail(at, "call of " + callable->describe());
        if (args->kind != Kind::Tuple) fail(at, "call arguments are " + args->describe());
        return hooks_.call(callable->text, args->items);
    }
    std::vector<PickleRef> pop_n(size_t at, size_t n) {
        std::vector<PickleRef> items(n);
        for (size_t i = n; i-- > 0;) items[i] = pop(at);
        return items;
    }
    // Appends to the list or dict below the items (which are already popped).
    void add_items(size_t at, const std::vector<PickleRef>& items, bool dict) {
        PickleRef& target = top(at);
        const Kind want = dict ? Kind::Dict : Kind::List;
        if (target->kind != want) fail(at, "adding items to " + target->describe());
        if (target->nested) fail(at, "adding items to " + target->describe() + " already inside another container");
        if (dict && items.size() % 2 != 0) fail(at, "odd number of dict items");
        for (const PickleRef& item : items) nest(at, *target, *item);
        target->items.insert(target->items.end(), items.begin(), items.end());
    }
    void memo_put(size_t index) {
        if (stack_.empty()) fail(pos_, "memoizing from an empty stack");
        memo_[index] = stack_.back();
    }
    void memo_get(size_t at, size_t index) {
        auto it = memo_.find(index);
        if (it == memo_.end()) fail(at, "memo entry " + std::to_string(index) + " was never stored");
        push(it->second);
    }

    void step(uint8_t op, size_t at) {
        switch (op) {
            case 0x80: take(1); break;                       // PROTO
            case 0x95: take(8); break;                       // FRAME (no framing needed in memory)
            case '(': marks_.push_back(stack_.size()); break;  // MARK
            case '0': pop(at); break;                        // POP
            case '1': pop_to_mark(at); break;                // POP_MARK
            case '2': push(top(at)); break;                  // DUP
            case 'N': push(scalar(Kind::None)); break;
            case 0x88: push(scalar(Kind::Bool, 1)); break;   // NEWTRUE
            case 0x89: push(scalar(Kind::Bool, 0)); break;   // NEWFALSE
            case 'J': push(scalar(Kind::Int, int32_t(unsigned_le(4)))); break;  // BININT
            case 'K': push(scalar(Kind::Int, int64_t(unsigned_le(1)))); break;  // BININT1
            case 'M': push(scalar(Kind::Int, int64_t(unsigned_le(2)))); break;  // BININT2
            case 0x8a: {                                      // LONG1
                const size_t n = unsigned_le(1);
                if (n > 8) fail(at, "integer of " + std::to_string(n) + " bytes (more than int64)");
                uint64_t v = n ? unsigned_le(n) : 0;
                if (n && n < 8 && (v >> (8 * n - 1)) & 1) v |= ~uint64_t(0) << (8 * n);  // sign-extend
                push(scalar(Kind::Int, int64_t(v)));
                break;
            }
            case 'G': {                                       // BINFLOAT (big-endian)
                const auto* p = reinterpret_cast<const uint8_t*>(take(8));
                uint64_t bits = 0;
                for (int i = 0; i < 8; ++i) bits = (bits << 8) | p[i];
                auto v = PickleValue::make(Kind::Float);
                std::memcpy(&v->real, &bits, 8);
                push(v);
                break;
            }
            case 'X': push(text(Kind::String, unsigned_le(4))); break;   // BINUNICODE
            case 0x8c: push(text(Kind::String, unsigned_le(1))); break;  // SHORT_BINUNICODE
            case 0x8d: push(text(Kind::String, unsigned_le(8))); break;  // BINUNICODE8
            case 'T': push(text(Kind::String, unsigned_le(4))); break;   // BINSTRING
            case 'U': push(text(Kind::String, unsigned_le(1))); break;   // SHORT_BINSTRING
            case 'B': push(text(Kind::Bytes, unsigned_le(4))); break;    // BINBYTES
            case 'C': push(text(Kind::Bytes, unsigned_le(1))); break;    // SHORT_BINBYTES
            case ')': push(sequence(at, Kind::Tuple, {})); break;            // EMPTY_TUPLE
            case 't': push(sequence(at, Kind::Tuple, pop_to_mark(at))); break;
            case 0x85: case 0x86: case 0x87: push(sequence(at, Kind::Tuple, pop_n(at, op - 0x84))); break;  // TUPLE1..3
            case ']': push(sequence(at, Kind::List, {})); break;             // EMPTY_LIST
            case 'l': push(sequence(at, Kind::List, pop_to_mark(at))); break;
            case '}': push(sequence(at, Kind::Dict, {})); break;             // EMPTY_DICT
            case 'd': push(sequence(at, Kind::Dict, pop_to_mark(at))); break;
            case 'a': add_items(at, pop_n(at, 1), false); break;         // APPEND
            case 'e': add_items(at, pop_to_mark(at), false); break;      // APPENDS
            case 's': add_items(at, pop_n(at, 2), true); break;          // SETITEM
            case 'u': add_items(at, pop_to_mark(at), true); break;       // SETITEMS
            case 'c': {                                                   // GLOBAL
                std::string module = line();
                push(global(std::move(module), line()));
                break;
            }
            case 0x93: {                                                  // STACK_GLOBAL
                PickleRef name = pop(at), module = pop(at);
                if (name->kind != Kind::String || module->kind != Kind::String)
                    fail(at, "STACK_GLOBAL of " + module->describe() + " and " + name->describe());
                push(global(module->text, name->text));
                break;
            }
            case 'R': {                                                   // REDUCE
                PickleRef args = pop(at), callable = pop(at);
                push(call(at, callable, args));
                break;
            }
            case 0x81: {                                                  // NEWOBJ
                PickleRef args = pop(at), cls = pop(at);
                push(call(at, cls, args));
                break;
            }
            case 'b': {  // BUILD: object state (e.g. OrderedDict._metadata); a state dict needs none
                pop(at);
                const Kind k = top(at)->kind;
                if (k != Kind::Dict && k != Kind::Opaque) fail(at, "BUILD on " + top(at)->describe());
                break;
            }
            case 'Q': push(hooks_.persistent_load(pop(at))); break;      // BINPERSID
            case 'q': memo_put(unsigned_le(1)); break;                   // BINPUT
            case 'r': memo_put(unsigned_le(4)); break;                   // LONG_BINPUT
            case 0x94: memo_put(memo_.size()); break;                    // MEMOIZE
            case 'h': memo_get(at, unsigned_le(1)); break;               // BINGET
            case 'j': memo_get(at, unsigned_le(4)); break;               // LONG_BINGET
            default: {
                char hex[8];
                std::snprintf(hex, sizeof hex, "0x%02x", op);
                throw Error(what_ + ": unsupported pickle opcode " + hex + " at byte " + std::to_string(at));
            }
        }
    }

    const char* data_;
    size_t size_, pos_ = 0;
    const std::string& what_;
    const PickleHooks& hooks_;
    std::vector<PickleRef> stack_;
    std::vector<size_t> marks_;
    std::map<size_t, PickleRef> memo_;
};

}  // namespace

PickleValue::~PickleValue() {
    std::vector<PickleRef> pending = std::move(items);
    while (!pending.empty()) {
        PickleRef v = std::move(pending.back());
        pending.pop_back();
        // The last owner takes the children over, so v's own destructor finds no items.
        if (v.use_count() == 1)
            for (PickleRef& child : v->items) pending.push_back(std::move(child));
    }
}

PickleRef PickleValue::make(Kind kind) {
    auto v = std::make_shared<PickleValue>();
    v->kind = kind;
    return v;
}

std::string PickleValue::describe() const {
    switch (kind) {
        case Kind::None: return "None";
        case Kind::Bool: return integer ? "True" : "False";
        case Kind::Int: return "the integer " + std::to_string(integer);
        case Kind::Float: return "the float " + std::to_string(real);
        case Kind::String: return "the string \"" + text + "\"";
        case Kind::Bytes: return "bytes";
        case Kind::Tuple: return "a tuple of " + std::to_string(items.size());
        case Kind::List: return "a list";
        case Kind::Dict: return "a dict";
        case Kind::Global: return "the global " + text;
        case Kind::Opaque: return "an object";
    }
    return "?";
}

PickleRef unpickle(const char* data, size_t size, const std::string& what, const PickleHooks& hooks) {
    return Machine(data, size, what, hooks).run();
}

}  // namespace ivid::nn

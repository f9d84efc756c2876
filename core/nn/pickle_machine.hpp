// A minimal Python pickle interpreter (protocols 2-5, the opcodes torch.save and ordinary
// containers use). It builds a value tree; everything that needs Python semantics (calling a
// global, persistent ids) is delegated to hooks, so the checkpoint reader decides which objects
// it accepts. Unknown opcodes are errors, never guesses.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <vector>

namespace ivid::nn {

struct PickleValue;
using PickleRef = std::shared_ptr<PickleValue>;

struct PickleValue {
    enum class Kind { None, Bool, Int, Float, String, Bytes, Tuple, List, Dict, Global, Opaque };
    Kind kind = Kind::None;
    int64_t integer = 0;   // Bool, Int; Opaque: a handle chosen by the hooks
    double real = 0.0;     // Float
    std::string text;      // String, Bytes; Global: "module.name"
    std::vector<PickleRef> items;  // Tuple, List; Dict: key, value, key, value, ... in order
    int depth = 1;  // containers nested in this one, itself included, as built (see unpickle)
    bool nested = false;  // inside another container: from then on it takes no items (see unpickle)

    PickleValue() = default;
    PickleValue(const PickleValue&) = delete;
    PickleValue& operator=(const PickleValue&) = delete;
    // Frees nested items with an explicit stack: a hostile pickle can nest a million lists.
    ~PickleValue();

    static PickleRef make(Kind kind);
    std::string describe() const;  // "a tuple", "the global torch.FloatStorage", ...
};

struct PickleHooks {
    // REDUCE / NEWOBJ: call `global` ("module.name") with `args`.
    std::function<PickleRef(const std::string& global, const std::vector<PickleRef>& args)> call;
    // BINPERSID: resolve a persistent id.
    std::function<PickleRef(const PickleRef& pid)> persistent_load;
};

// Runs the pickle program data[0, size); `what` names it in errors ("model.pt: data.pkl").
// Containers nested deeper than 64 levels are refused (a state dict nests 4): nothing that walks
// the tree needs a deep stack. A list or dict takes no items once it is inside another container
// (pickle fills containers before nesting them), so memo aliases can neither escape the depth
// count nor build a cycle, which shared ownership would never free.
PickleRef unpickle(const char* data, size_t size, const std::string& what, const PickleHooks& hooks);

}  // namespace ivid::nn

// The pickle machine (unpickle) with hooks that accept what the checkpoint reader accepts, minus
// the tensors: storages and rebuilt tensors become opaque handles. Then the state-dict walk.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "core/nn/pickle_machine.hpp"
#include "core/util/error.hpp"

namespace {

using ivid::nn::PickleRef;
using ivid::nn::PickleValue;
using Kind = PickleValue::Kind;

PickleRef opaque() {
    auto v = PickleValue::make(Kind::Opaque);
    v->integer = 1;
    return v;
}

PickleRef call(const std::string& global, const std::vector<PickleRef>& args) {
    if (global == "collections.OrderedDict" && args.empty()) return PickleValue::make(Kind::Dict);
    if (global == "torch._utils._rebuild_tensor_v2" && args.size() >= 4) return opaque();
    if (global == "torch._utils._rebuild_parameter" && !args.empty()) return opaque();
    if (global == "torch.jit._pickle.restore_type_tag" && args.size() == 2) return args[0];
    throw ivid::Error("data.pkl: unsupported object " + global);
}

PickleRef storage(const PickleRef& pid) {
    const auto& p = pid->items;
    if (pid->kind != Kind::Tuple || p.size() != 5 || p[0]->kind != Kind::String || p[1]->kind != Kind::Global)
        throw ivid::Error("data.pkl: expected a storage id, found " + pid->describe());
    return opaque();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        const PickleRef root = ivid::nn::unpickle(reinterpret_cast<const char*>(data), size, "data.pkl", {call, storage});
        root->describe();
        if (root->kind != Kind::Dict) return 0;
        for (size_t i = 0; i < root->items.size(); i += 2) {
            root->items[i]->describe();
            root->items[i + 1]->describe();
        }
    } catch (const ivid::Error&) {
        // Refused pickles are expected; crashes, leaks and other exceptions are findings.
    }
    return 0;
}

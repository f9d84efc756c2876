#include "core/nn/checkpoint_reader.hpp"

#include <cerrno>
#include <cstring>
#include <fstream>
#include <map>

#include <ATen/ATen.h>

#include "core/nn/pickle_machine.hpp"
#include "core/util/error.hpp"
#include "core/util/input_file.hpp"
#include "core/util/zip_archive.hpp"

namespace ivid::nn {
namespace {

using Kind = PickleValue::Kind;

// torch.save's legacy format starts with a pickled magic number (0x1950a86a20f9469cfc6c).
constexpr char kLegacyMagic[] = "\x80\x02\x8a\x0a\x6c\xfc\x9c\x46\xf9\x20\x6a\xa8\x50\x19";

const std::map<std::string, at::ScalarType>& storage_types() {
    static const std::map<std::string, at::ScalarType> types = {
        {"torch.FloatStorage", at::kFloat},    {"torch.HalfStorage", at::kHalf},
        {"torch.BFloat16Storage", at::kBFloat16}, {"torch.DoubleStorage", at::kDouble},
        {"torch.LongStorage", at::kLong},      {"torch.IntStorage", at::kInt},
        {"torch.ShortStorage", at::kShort},    {"torch.CharStorage", at::kChar},
        {"torch.ByteStorage", at::kByte},      {"torch.BoolStorage", at::kBool}};
    return types;
}

void check_file_kind(const std::filesystem::path& file) {
    require_input_file(file);
    std::ifstream in(file, std::ios::binary);
    if (!in) throw Error(file.string() + ": cannot open checkpoint: " + std::strerror(errno));
    char head[sizeof kLegacyMagic - 1] = {};
    in.read(head, sizeof head);
    const auto got = size_t(in.gcount());
    if (got == 0) throw Error(file.string() + ": checkpoint file is empty");
    if (got == sizeof head && std::memcmp(head, kLegacyMagic, sizeof head) == 0)
        throw Error(file.string() + ": legacy (pre-1.6, non-zip) PyTorch checkpoint format is not supported; "
                    "re-save it with a current PyTorch (torch.save with _use_new_zipfile_serialization=True)");
    if (got < 4 || std::memcmp(head, "PK\x03\x04", 4) != 0)
        throw Error(file.string() + ": not a PyTorch checkpoint: expected a zip archive (torch.save), "
                    "the file does not start with a zip header");
}

// Turns the pickle's objects into tensors: storages (persistent ids) and the rebuild functions
// torch.save uses for tensors and parameters.
class TensorBuilder {
public:
    // `prefix`: the folder torch.save puts every record in ("archive/").
    TensorBuilder(const ZipArchive& archive, std::string prefix, std::string file)
        : archive_(archive), prefix_(std::move(prefix)), file_(std::move(file)) {}

    PickleHooks hooks() {
        return {[this](const std::string& g, const std::vector<PickleRef>& a) { return call(g, a); },
                [this](const PickleRef& pid) { return storage(pid); }};
    }

    const at::Tensor& tensor_of(const PickleRef& v, const std::string& what) const {
        if (v->kind != Kind::Opaque) throw Error(file_ + ": " + what + ": expected a tensor, found " + v->describe());
        return objects_.at(size_t(v->integer));
    }

private:
    [[noreturn]] void fail(const std::string& message) const { throw Error(file_ + ": " + message); }

    PickleRef opaque(at::Tensor t) {
        auto v = PickleValue::make(Kind::Opaque);
        v->integer = int64_t(objects_.size());
        objects_.push_back(std::move(t));
        return v;
    }

    static int64_t int_of(const PickleRef& v) { return v->kind == Kind::Int ? v->integer : -1; }
    std::vector<int64_t> ints_of(const PickleRef& v, const char* what) const {
        if (v->kind != Kind::Tuple) fail(std::string("tensor ") + what + ": expected a tuple, found " + v->describe());
        std::vector<int64_t> out;
        for (const auto& item : v->items) {
            if (item->kind != Kind::Int || item->integer < 0)
                fail(std::string("tensor ") + what + ": expected non-negative integers, found " + item->describe());
            out.push_back(item->integer);
        }
        return out;
    }

    // ('storage', <type global>, key, location, numel) -> a flat tensor holding data/<key>.
    PickleRef storage(const PickleRef& pid) {
        const auto& p = pid->items;
        if (pid->kind != Kind::Tuple || p.size() != 5 || p[0]->kind != Kind::String || p[0]->text != "storage" ||
            p[1]->kind != Kind::Global || p[2]->kind != Kind::String || int_of(p[4]) < 0)
            fail("data.pkl: expected a storage id ('storage', type, key, location, size), found " + pid->describe());
        const auto type = storage_types().find(p[1]->text);
        if (type == storage_types().end()) fail("data.pkl: unsupported storage type " + p[1]->text);
        const std::string& key = p[2]->text;
        auto cached = storages_.find(key);
        if (cached != storages_.end()) return cached->second;

        // The record must hold exactly the storage the pickle declares; checked against the
        // archive's directory before anything of that size is allocated.
        const int64_t numel = p[4]->integer;
        const std::string record = "data/" + key;
        if (!archive_.contains(prefix_ + record))
            fail("record " + record + " (storage of " + std::to_string(numel) + " values) is missing");
        const uint64_t element = c10::elementSize(type->second), declared = archive_.size_of(prefix_ + record);
        if (uint64_t(numel) > UINT64_MAX / element || declared != uint64_t(numel) * element)
            fail("record " + record + ": expected " + std::to_string(uint64_t(numel) * element) + " bytes (" +
                 std::to_string(numel) + " x " + p[1]->text + "), found " + std::to_string(declared));
        const std::string data = archive_.read(prefix_ + record, declared);
        at::Tensor flat = at::empty({numel}, at::TensorOptions().dtype(type->second));
        std::memcpy(flat.data_ptr(), data.data(), data.size());
        return storages_[key] = opaque(flat);
    }

    PickleRef call(const std::string& global, const std::vector<PickleRef>& args) {
        if (global == "collections.OrderedDict" && args.empty()) return PickleValue::make(Kind::Dict);
        if (global == "torch._utils._rebuild_tensor_v2" && args.size() >= 4) return rebuild_tensor(args);
        if ((global == "torch._utils._rebuild_parameter" || global == "torch._utils._rebuild_parameter_with_state") &&
            !args.empty())
            return opaque(tensor_of(args[0], "parameter data"));
        // LibTorch's pickle_save (our checkpoint_writer) tags typed containers: (object, "Dict[str,Tensor]").
        if (global == "torch.jit._pickle.restore_type_tag" && args.size() == 2) return args[0];
        fail("data.pkl: unsupported object " + global + " with " + std::to_string(args.size()) +
             " arguments (a state dict holds only tensors)");
    }

    // (storage, storage_offset, size, stride, ...) -> a strided view into the storage.
    PickleRef rebuild_tensor(const std::vector<PickleRef>& args) {
        const at::Tensor& flat = tensor_of(args[0], "tensor storage");
        const int64_t offset = int_of(args[1]);
        const auto size = ints_of(args[2], "size"), stride = ints_of(args[3], "stride");
        if (offset < 0 || size.size() != stride.size()) fail("data.pkl: tensor with bad offset or stride count");
        int64_t last = offset;
        bool empty = false;
        for (size_t i = 0; i < size.size(); ++i) {
            last += (size[i] - 1) * stride[i];
            empty = empty || size[i] == 0;
        }
        if (!empty && last >= flat.numel())
            fail("data.pkl: tensor view (offset " + std::to_string(offset) + ", last element " + std::to_string(last) +
                 ") reaches past its storage of " + std::to_string(flat.numel()) + " values");
        return opaque(empty ? at::empty(size, flat.options()) : flat.as_strided(size, stride, offset));
    }

    const ZipArchive& archive_;
    std::string prefix_;
    std::string file_;
    std::vector<at::Tensor> objects_;
    std::map<std::string, PickleRef> storages_;
};

// The folder torch.save puts every record in ("archive/", or the file's stem in older versions).
std::string record_prefix(const ZipArchive& archive, const std::string& name) {
    for (const std::string& member : archive.names()) {
        const size_t slash = member.find('/');
        if (slash != std::string::npos && member.compare(slash, std::string::npos, "/data.pkl") == 0)
            return member.substr(0, slash + 1);
    }
    throw Error(name + ": zip archive has no data.pkl record (not written by torch.save)");
}

// A state dict's pickle holds ~100 bytes per tensor (IVID's largest model: ~1000 tensors, 0.1 MB);
// a data.pkl declaring more than this is corrupt or a zip bomb, refused before it is inflated.
constexpr uint64_t kMaxPickleBytes = uint64_t(256) << 20;

}  // namespace

StateDict read_checkpoint(const std::filesystem::path& file) {
    const std::string name = file.string();
    check_file_kind(file);
    try {
        const ZipArchive archive(file);
        const std::string prefix = record_prefix(archive, name);
        const std::string pickle = archive.read(prefix + "data.pkl", kMaxPickleBytes);
        TensorBuilder builder(archive, prefix, name);
        const PickleRef root = unpickle(pickle.data(), pickle.size(), name + ": data.pkl", builder.hooks());
        if (root->kind != Kind::Dict)
            throw Error(name + ": expected a state dict (a dict of tensors), found " + root->describe());
        StateDict out;
        for (size_t i = 0; i < root->items.size(); i += 2) {
            const PickleRef& key = root->items[i];
            if (key->kind != Kind::String) throw Error(name + ": state dict key is " + key->describe());
            out.push_back({key->text, builder.tensor_of(root->items[i + 1], "entry " + key->text)});
        }
        return out;
    } catch (const c10::Error& e) {  // an allocation LibTorch refuses
        throw Error(name + ": " + e.what_without_backtrace());
    }
}

}  // namespace ivid::nn

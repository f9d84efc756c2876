// The checkpoint reader on small torch.save files made by tests/fixtures/checkpoints/
// make_checkpoints.py (Debian's PyTorch 1.13) and on damaged or foreign files made here.
#include <fstream>

#include <ATen/ATen.h>
#include <caffe2/serialize/inline_container.h>

#include "core/nn/checkpoint_reader.hpp"
#include "tests/test_support.hpp"

#include <doctest/doctest.h>  // after the torch headers: glog defines its own CHECK

using ivid::nn::read_checkpoint;
using ivid::nn::StateDict;

namespace {
const std::string kDir = IVID_FIXTURES_DIR "/checkpoints/";

const at::Tensor& entry(const StateDict& state, const std::string& name) {
    for (const auto& e : state)
        if (e.name == name) return e.tensor;
    FAIL("no entry " << name);
    throw std::logic_error("unreachable");
}

std::string error_of(const std::string& path) {
    return ivid::test::message_of([&] { read_checkpoint(path); });
}

// A zip archive in torch.save's layout with a hand-written data.pkl.
std::string archive_with_pickle(const std::string& name, const std::string& pickle) {
    const std::string path = std::string(IVID_BINARY_DIR) + "/" + name + ".pt";
    caffe2::serialize::PyTorchStreamWriter writer(path);
    writer.writeRecord("data.pkl", pickle.data(), pickle.size());
    writer.writeEndOfFile();
    return path;
}

// A pickled str (BINUNICODE: 4-byte little-endian length, then the bytes).
std::string text(const std::string& value) {
    std::string out = "X";
    for (int i = 0; i < 4; ++i) out += char((value.size() >> (8 * i)) & 0xff);
    return out + value;
}

bool equal(const at::Tensor& a, std::vector<float> expected) {
    return at::equal(a.to(at::kFloat).flatten().contiguous(), at::tensor(expected));
}
}  // namespace

TEST_CASE("an OrderedDict state dict: order, dtypes, shapes, strides and values") {
    const StateDict s = read_checkpoint(kDir + "ordered_dict.pt");
    REQUIRE(s.size() == 5);
    const std::vector<std::string> names = {"a.float", "b.half", "c.long", "d.transposed", "e.scalar"};
    for (size_t i = 0; i < names.size(); ++i) DOCTEST_CHECK(s[i].name == names[i]);
    DOCTEST_CHECK((s[0].tensor.scalar_type() == at::kFloat));
    DOCTEST_CHECK(s[0].tensor.sizes() == at::IntArrayRef({2, 3}));
    DOCTEST_CHECK(equal(s[0].tensor, {0, 1, 2, 3, 4, 5}));
    DOCTEST_CHECK((s[1].tensor.scalar_type() == at::kHalf));
    DOCTEST_CHECK(equal(s[1].tensor, {0.5f, -2.0f, 65504.0f}));
    DOCTEST_CHECK((s[2].tensor.scalar_type() == at::kLong));
    DOCTEST_CHECK(at::equal(s[2].tensor, at::tensor({-1, 0, 7}, at::kLong)));
    // The transposed view keeps its strides: logical [3, 2] over the row-major 2x3 data.
    DOCTEST_CHECK(s[3].tensor.sizes() == at::IntArrayRef({3, 2}));
    DOCTEST_CHECK(s[3].tensor.strides() == at::IntArrayRef({1, 3}));
    DOCTEST_CHECK(equal(s[3].tensor, {0, 3, 1, 4, 2, 5}));
    DOCTEST_CHECK(s[4].tensor.dim() == 0);
    DOCTEST_CHECK((s[4].tensor.scalar_type() == at::kDouble));
    DOCTEST_CHECK(s[4].tensor.item<double>() == 3.25);
}

TEST_CASE("nn.Parameter values are read as their data") {
    const StateDict s = read_checkpoint(kDir + "parameters.pt");
    REQUIRE(s.size() == 2);
    DOCTEST_CHECK(equal(entry(s, "p.weight"), {1, 1, 1, 1}));
    DOCTEST_CHECK(equal(entry(s, "p.bias"), {1.5f, -1.5f}));
}

TEST_CASE("fp16 views into one shared storage honour offsets and strides") {
    const StateDict s = read_checkpoint(kDir + "fp16_views.pt");
    REQUIRE(s.size() == 3);
    const at::Tensor first = entry(s, "v.first"), second = entry(s, "v.second"), strided = entry(s, "v.strided");
    DOCTEST_CHECK((first.scalar_type() == at::kHalf));
    DOCTEST_CHECK(equal(first, {0, 0.25f, 0.5f, 0.75f, 1.0f, 1.25f}));
    DOCTEST_CHECK(second.storage_offset() == 6);
    DOCTEST_CHECK(equal(second, {1.5f, 1.75f, 2.0f, 2.25f}));
    DOCTEST_CHECK(strided.sizes() == at::IntArrayRef({2, 3}));
    DOCTEST_CHECK(equal(strided, {2.5f, 3.0f, 3.5f, 3.75f, 4.25f, 4.75f}));
    // One storage, read once: all three views point into it.
    DOCTEST_CHECK(first.storage().data() == second.storage().data());
}

TEST_CASE("bad files give errors naming the file and the problem") {
    const std::string legacy = error_of(kDir + "legacy_format.pt");
    DOCTEST_CHECK(legacy.find("legacy_format.pt") != std::string::npos);
    DOCTEST_CHECK(legacy.find("re-save it with a current PyTorch") != std::string::npos);

    const std::string truncated = error_of(kDir + "truncated.pt");
    DOCTEST_CHECK(truncated.find("truncated.pt: truncated or corrupt zip archive") != std::string::npos);

    DOCTEST_CHECK(error_of(kDir + "does_not_exist.pt").find("does_not_exist.pt: file not found") != std::string::npos);
    DOCTEST_CHECK(error_of(kDir + "tiny_unet.json").find("not a PyTorch checkpoint") != std::string::npos);

    // A folder given as a checkpoint is named as such (it used to read as an empty file).
    DOCTEST_CHECK(ivid::test::contains(error_of(kDir), "is a folder, not a file"));

    const std::string empty = std::string(IVID_BINARY_DIR) + "/empty_checkpoint.pt";
    std::ofstream(empty).close();
    DOCTEST_CHECK(error_of(empty).find("empty") != std::string::npos);
}

TEST_CASE("sizes a checkpoint declares are checked before anything of that size is allocated") {
    // zip_bomb_pickle.pt (from tests/fuzz/corpus/make_bad_inputs.py): 248 bytes whose deflated
    // data.pkl declares 4 GiB; it used to be inflated in full before being rejected.
    DOCTEST_CHECK(ivid::test::contains(error_of(kDir + "zip_bomb_pickle.pt"),
                                       "archive/data.pkl: declares 4294967280 bytes, more than the 268435456"));
    // A storage claiming 2^40 floats over a 16-byte record: refused by the record's size.
    DOCTEST_CHECK(ivid::test::contains(error_of(kDir + "storage_too_large.pt"),
                                       "record data/0: expected 4398046511104 bytes (1099511627776 x torch.FloatStorage), found 16"));
}

TEST_CASE("damaged or foreign pickles are errors, never crashes") {
    const std::string proto = "\x80\x02";
    // 'I' (text INT) is a protocol-0 opcode torch.save never writes.
    DOCTEST_CHECK(error_of(archive_with_pickle("opcode", proto + "I1\n.")).find("unsupported pickle opcode 0x49 at byte 2") !=
                  std::string::npos);
    DOCTEST_CHECK(error_of(archive_with_pickle("short", proto + "}(" + text("ab"))).find("ends early") != std::string::npos);
    DOCTEST_CHECK(error_of(archive_with_pickle("global", proto + "cos\nsystem\n" + text("ls") + "\x85R.")).find(
                      "unsupported object os.system") != std::string::npos);
    DOCTEST_CHECK(error_of(archive_with_pickle("list", proto + "].")).find("expected a state dict") != std::string::npos);
    DOCTEST_CHECK(error_of(archive_with_pickle("memo", proto + "h\x05.")).find("memo entry 5") != std::string::npos);
    // {"w": _rebuild_tensor_v2(<storage "0" of 4 floats>, 0, (4,), (1,), False, {})} without data/0.
    const std::string storage_id = "(" + text("storage") + "ctorch\nFloatStorage\n" + text("0") + text("cpu") + "K\x04tQ";
    const std::string tensor = "ctorch._utils\n_rebuild_tensor_v2\n(" + storage_id + "K" + std::string(1, '\0') +
                               "K\x04\x85K\x01\x85\x89}tR";
    const std::string message = error_of(archive_with_pickle("nostorage", proto + "}" + text("w") + tensor + "s."));
    DOCTEST_CHECK(message.find("record data/0 (storage of 4 values) is missing") != std::string::npos);
}

TEST_CASE("a pickle nested a million lists deep is refused without exhausting the stack") {
    // The reproduction: ] x 10^6 pushes empty lists, a x (10^6 - 1) appends each to the
    // one below, building a chain 10^6 deep; freeing or walking it recursively overflowed.
    const size_t n = 1000000;
    const std::string pickle = "\x80\x02" + std::string(n, ']') + std::string(n - 1, 'a') + ".";
    const std::string message = error_of(archive_with_pickle("deep", pickle));
    DOCTEST_CHECK(ivid::test::contains(message, "deep.pt: data.pkl: corrupt pickle"));
    DOCTEST_CHECK(ivid::test::contains(message, "nested more than 64 levels deep"));
    // 64 levels are accepted (then refused as not a state dict), 65 are not: no off-by-one.
    const std::string shallow = "\x80\x02" + std::string(64, ']') + std::string(63, 'a') + ".";
    const std::string too_deep = "\x80\x02" + std::string(65, ']') + std::string(64, 'a') + ".";
    DOCTEST_CHECK(ivid::test::contains(error_of(archive_with_pickle("too_deep", too_deep)), "nested more than 64"));
    DOCTEST_CHECK(ivid::test::contains(error_of(archive_with_pickle("shallow", shallow)), "expected a state dict"));
}

TEST_CASE("nesting through memo aliases is refused: a list takes no items once it is inside another") {
    // Top-down: each new list is appended to the previous one fetched back from the memo, which
    // would keep the outer lists' recorded depth from growing.
    const int n = 200000;
    std::string pickle = "\x80\x02]\x94";  // list 0, memoised as 0
    for (uint32_t i = 1; i < uint32_t(n); ++i) {
        const uint32_t previous = i - 1;
        pickle += "j" + std::string(reinterpret_cast<const char*>(&previous), 4);  // LONG_BINGET the previous list
        pickle += "]\x94";                                                       // a new list, memoised as i
        pickle += "a0";                                                          // append it there; drop the outer copy
    }
    pickle += ".";  // leaves list 0 (the root of the chain) on the stack
    DOCTEST_CHECK(ivid::test::contains(error_of(archive_with_pickle("aliased", pickle)),
                                       "corrupt pickle at byte 20: adding items to a list already inside another container"));
}

// Found by tests/fuzz/fuzz_pickle: a DICT of a key without its value was built, and every walk
// of the dict in pairs read past its items.
TEST_CASE("a dict built from an odd number of items is refused") {
    DOCTEST_CHECK(ivid::test::contains(error_of(archive_with_pickle("odd", "\x80\x02(" + text("w") + "d.")),
                                       "corrupt pickle at byte 9: odd number of dict items"));
}

// Found by tests/fuzz/fuzz_pickle: shared ownership never frees a cycle, so these leaked.
TEST_CASE("pickles that would put a container inside itself are refused") {
    DOCTEST_CHECK(ivid::test::contains(error_of(archive_with_pickle("self", "\x80\x02]2a.")),
                                       "corrupt pickle at byte 4: a container inside itself"));
    // a = [], b = [a], then a.append(b): a is already inside b.
    const std::string mutual = "\x80\x02]q\x01]q\x02h\x01" "a" "h\x01h\x02" "a.";  // memo 1 = a, 2 = b
    DOCTEST_CHECK(ivid::test::contains(error_of(archive_with_pickle("mutual", mutual)),
                                       "adding items to a list already inside another container"));
}

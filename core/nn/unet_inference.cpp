#include "core/nn/unet_inference.hpp"

#include <dlfcn.h>

#include <cmath>
#include <cstdlib>
#include <unordered_map>
#include <vector>

#include <ATen/ATen.h>
#include <ATen/Context.h>
#include <c10/core/InferenceMode.h>

#include "core/nn/adm_unet_layers.hpp"
#include "core/util/error.hpp"

namespace ivid::nn {
namespace {

// OpenBLAS (Debian's LibTorch calls it for matrix products) keeps its own pthread pool, whose idle
// workers spin for a while after each call while LibTorch's OpenMP threads run the next layer: on
// a machine with as many cores as threads both pools compete for the same cores. During a fast
// forward OpenBLAS runs on the calling thread alone (the convolutions, norms and elementwise
// layers are OpenMP-parallel); afterwards its previous setting is back. Looked up at run time:
// with another BLAS (MKL in pytorch.org's LibTorch) this does nothing.
class SingleThreadedBlas {
public:
    SingleThreadedBlas() {
        using Get = int (*)();
        static const auto get = reinterpret_cast<Get>(dlsym(RTLD_DEFAULT, "openblas_get_num_threads"));
        static const auto set = reinterpret_cast<Set>(dlsym(RTLD_DEFAULT, "openblas_set_num_threads"));
        if (!get || !set) return;
        set_ = set;
        previous_ = get();
        if (previous_ != 1) set_(1);
    }
    ~SingleThreadedBlas() {
        if (set_ && previous_ != 1) set_(previous_);
    }
    SingleThreadedBlas(const SingleThreadedBlas&) = delete;
    SingleThreadedBlas& operator=(const SingleThreadedBlas&) = delete;

private:
    using Set = void (*)(int);
    Set set_ = nullptr;
    int previous_ = 1;
};

}  // namespace

UnetPath parse_unet_path(const std::string& name, const std::string& what) {
    return parse_enum(kUnetPathNames, name, what, "");
}

std::string unet_path_name(UnetPath path) { return enum_name(kUnetPathNames, path); }

UnetPath default_unet_path() {
    const char* env = std::getenv("IVID_UNET_PATH");
    return env && *env ? parse_unet_path(env, "IVID_UNET_PATH") : UnetPath::Fast;
}

// The weights as the fast kernels want them, with what they were made from (to notice changes).
struct UnetInference::Prepared {
    struct Source {
        const void* impl;
        const void* data;
        int64_t version;
    };
    std::vector<Source> sources;
    std::unordered_map<const void*, at::Tensor> conv_weights;  // by the eager weight's TensorImpl

    static Source source_of(const at::Tensor& t) {
        // Inference tensors (a network built under InferenceMode) keep no version counter; their
        // storage is then the only sign of a change.
        return {t.unsafeGetTensorImpl(), t.data_ptr(), t.is_inference() ? 0 : int64_t(t._version())};
    }
    bool current(const std::vector<adm::Entry>& entries) const {
        if (entries.size() != sources.size()) return false;
        for (size_t i = 0; i < entries.size(); ++i) {
            const Source s = source_of(entries[i].tensor);
            if (s.impl != sources[i].impl || s.data != sources[i].data || s.version != sources[i].version) return false;
        }
        return true;
    }
};

namespace {

// A 3x3 convolution's weight is prepacked into oneDNN's layout when it has at least this many
// elements (2 MiB of floats, beyond a core's L2 cache): LibTorch's eager call reorders the weight
// on every call, which for such weights costs as much as the convolution. Measured (issue 17, 2
// threads): the 64x64 default pack (weights up to 0.3 M elements) ran 1.5-1.8x slower with all
// weights prepacked (the per-call activation reorders then dominate), IVID's ImageNet-128 shape
// (weights 0.6-9.4 M elements) 1.5x faster.
constexpr int64_t kPackedWeightMin = int64_t(1) << 19;

using adm::Attention;
using adm::Block;
using adm::Conv;
using adm::GroupNorm;
using adm::ResBlock;

// One fast forward: the eager layers (adm_unet_layers.hpp) in the same order, with the 3x3
// convolutions whose weights were prepacked running on them.
class FastForward {
public:
    explicit FastForward(const UnetInference::Prepared& p) : p_(p) {}

    at::Tensor conv(const Conv& c, const at::Tensor& x) const {
        const auto packed = p_.conv_weights.find(c.weight.unsafeGetTensorImpl());
        if (packed == p_.conv_weights.end()) return c(x);
        return at::mkldnn_convolution(x, packed->second, c.bias, {c.padding, c.padding}, {1, 1}, {1, 1}, 1);
    }

    at::Tensor res_block(const ResBlock& r, at::Tensor x, const at::Tensor& emb) const {
        at::Tensor h = at::silu(r.in_norm(x));
        h = conv(r.in_conv, adm::resample(h, r.updown));
        x = adm::resample(x, r.updown);
        const auto film = r.emb_proj(at::silu(emb)).unsqueeze(-1).unsqueeze(-1).chunk(2, 1);
        h = r.out_norm(h) * (1 + film[0]) + film[1];
        h = conv(r.out_conv, at::silu(h));  // no dropout at inference
        return (r.has_skip ? conv(r.skip, x) : x) + h;
    }

    at::Tensor block(const Block& b, at::Tensor h, const at::Tensor& emb) const {
        for (const auto& layer : b.layers) {
            if (const auto* c = std::get_if<Conv>(&layer)) h = conv(*c, h);
            else if (const auto* r = std::get_if<ResBlock>(&layer)) h = res_block(*r, h, emb);
            else h = std::get<Attention>(layer)(h);
        }
        return h;
    }

private:
    const UnetInference::Prepared& p_;
};

}  // namespace

UnetInference::UnetInference(const AdmUnet& net, UnetPath path) : net_(net), path_(path) {}
UnetInference::~UnetInference() = default;

bool UnetInference::uses_fast_path() const {
    const AdmUnet::Impl& impl = *net_.impl_;
    return path_ == UnetPath::Fast && net_.device().is_cpu() && impl.torso_dtype == at::kFloat &&
           impl.autocast == Autocast::None && !impl.training;
}

std::shared_ptr<const UnetInference::Prepared> UnetInference::prepared() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    const auto& entries = net_.impl_->registry.entries;
    if (prepared_ && prepared_->current(entries)) return prepared_;
    auto p = std::make_shared<Prepared>();
    c10::InferenceMode no_autograd;
    for (const auto& e : entries) {
        p->sources.push_back(Prepared::source_of(e.tensor));
        if (!at::hasMKLDNN() || e.tensor.dim() != 4 || e.tensor.size(-1) != 3 || e.tensor.numel() < kPackedWeightMin)
            continue;
        p->conv_weights.emplace(e.tensor.unsafeGetTensorImpl(),
                                at::mkldnn_reorder_conv2d_weight(e.tensor.contiguous().to_mkldnn(), {1, 1}, {1, 1}, {1, 1}, 1));
    }
    prepared_ = p;
    return prepared_;
}

size_t UnetInference::packed_convolutions() const {
    const std::lock_guard<std::mutex> lock(mutex_);
    return prepared_ ? prepared_->conv_weights.size() : 0;
}

at::Tensor UnetInference::forward(const at::Tensor& x, const at::Tensor& t, const at::Tensor& classes) const {
    if (!uses_fast_path()) return net_.forward(x, t, classes);
    const AdmUnet::Impl& impl = *net_.impl_;
    impl.check_inputs(x, t);
    const std::shared_ptr<const Prepared> p = prepared();
    c10::InferenceMode no_autograd;
    const SingleThreadedBlas blas;
    const FastForward f(*p);
    const at::Tensor emb = impl.embedding(t, classes, x.size(0));
    std::vector<at::Tensor> skips;
    at::Tensor h = x.to(at::kCPU, at::kFloat);
    for (const auto& block : impl.input_blocks) {
        h = f.block(block, h, emb);
        skips.push_back(h);
    }
    h = f.block(impl.middle_block, h, emb);
    for (const auto& block : impl.output_blocks) {
        h = f.block(block, at::cat({h, skips.back()}, 1), emb);  // current features first, skip second
        skips.pop_back();
    }
    return f.conv(impl.out_conv, at::silu(impl.out_norm(h)));
}

}  // namespace ivid::nn

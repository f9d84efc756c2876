#include "core/diffusion/tensor_npy.hpp"

#include <cstring>

namespace ivid::diffusion {

at::Tensor npy_to_tensor(const NpyArray& array) {
    std::vector<int64_t> shape(array.shape.begin(), array.shape.end());
    if (array.dtype == "float16" || array.dtype == "float32" || array.dtype == "float64") {
        std::vector<float> values = array.as_float();
        return at::from_blob(values.data(), shape, at::kFloat).clone();
    }
    std::vector<int64_t> values = array.as_int();
    return at::from_blob(values.data(), shape, at::kLong).clone();
}

at::Tensor load_npy_tensor(const std::filesystem::path& path) { return npy_to_tensor(load_npy(path)); }

NpyArray tensor_to_npy(const at::Tensor& tensor) {
    const at::Tensor t = tensor.to(at::kCPU, at::kFloat).contiguous();
    NpyArray out;
    out.dtype = "float32";
    out.shape.assign(t.sizes().begin(), t.sizes().end());
    out.bytes.resize(size_t(t.numel()) * sizeof(float));
    std::memcpy(out.bytes.data(), t.data_ptr<float>(), out.bytes.size());
    return out;
}

}  // namespace ivid::diffusion

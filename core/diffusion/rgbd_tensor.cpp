#include "core/diffusion/rgbd_tensor.hpp"

#include "core/util/error.hpp"

namespace ivid::diffusion {
namespace {

at::Tensor chw_view(const Image& img) {
    return at::from_blob(const_cast<float*>(img.data.data()), {img.height, img.width, img.channels}, at::kFloat)
        .permute({2, 0, 1});
}

}  // namespace

at::Tensor signed_tensor_from_image(const Image& img) { return chw_view(img).mul(2.0).sub(1.0); }

at::Tensor tensor_from_image(const Image& img) { return chw_view(img).clone(); }

Image image_from_signed_tensor(const at::Tensor& chw) {
    if (chw.dim() != 3) throw Error("image_from_signed_tensor: expected a [C, H, W] tensor, found " +
                                    std::to_string(chw.dim()) + " dimensions");
    const at::Tensor hwc = chw.detach().to(at::kCPU, at::kFloat).add(1.0).mul(0.5).permute({1, 2, 0}).contiguous();
    Image img(int(hwc.size(1)), int(hwc.size(0)), int(hwc.size(2)));
    std::copy(hwc.data_ptr<float>(), hwc.data_ptr<float>() + hwc.numel(), img.data.begin());
    return img;
}

}  // namespace ivid::diffusion

#include "core/raster/warp.hpp"

#include <string>

#include "core/geometry/camera.hpp"
#include "core/geometry/depth.hpp"
#include "core/geometry/rgbd_mesh.hpp"
#include "core/raster/mask_ops.hpp"
#include "core/raster/pil_resample.hpp"
#include "core/raster/simple_renderer.hpp"
#include "core/raster/ssaa.hpp"
#include "core/util/error.hpp"

namespace ivid {
namespace {

// WarpDataset's blur kernel side.
constexpr int kBlurKernel = 3;

WarpPass make_pass(const SimpleRenderResult& render, int image_size) {
    WarpPass pass;
    pass.color8_full = to_u8_truncate(render.color);
    pass.color_u8 = resize_lanczos_pil(pass.color8_full, image_size, image_size);
    pass.depth_full = render.depth;
    pass.mask_full = render.mask;
    return pass;
}

void require_same_size(const Image& img, int size, int channels, const std::string& what) {
    if (img.width != size || img.height != size || img.channels != channels)
        throw Error::at("augment_warp_pair", what,
                        std::to_string(size) + "x" + std::to_string(size) + "x" + std::to_string(channels),
                        std::to_string(img.height) + "x" + std::to_string(img.width) + "x" +
                            std::to_string(img.channels));
}

}  // namespace

glm::mat4 canonical_modelview() {
    return look_at(glm::vec3(0.0f, 0.0f, 1.0f), glm::vec3(0.0f), glm::vec3(0.0f, 1.0f, 0.0f));
}

WarpResult forward_backward_warp(const Image& rgbd, const glm::mat4& modelview1,
                                 const glm::mat4& modelview0, const WarpSettings& settings) {
    if (rgbd.empty() || rgbd.channels != 4 || rgbd.width != rgbd.height)
        throw Error::at("forward_backward_warp", "rgbd", "a square N x N x 4 image",
                        std::to_string(rgbd.height) + "x" + std::to_string(rgbd.width) + "x" +
                            std::to_string(rgbd.channels));
    require(settings.ssaa >= 1, "forward_backward_warp: ssaa must be >= 1, found " + std::to_string(settings.ssaa));
    const int n = rgbd.width;
    const int padding = settings.padding_pixels.value_or(n);
    require(padding >= 0, "forward_backward_warp: padding_pixels must be >= 0, found " + std::to_string(padding));
    const SimpleRenderer renderer({settings.ssaa * n, settings.renderer_near, settings.renderer_far});

    // Pass 1: the input view meshed with only padding flags, seen from view1.
    MeshOptions options0;
    options0.fov_deg = settings.fov_deg;
    options0.padding = padding > 0 ? PaddingMode::Pixels : PaddingMode::None;
    options0.padding_pixels = padding;
    const RgbdMesh mesh0 = depth_to_mesh(
        linear_from_zbuffer(select_channels(rgbd, 3, 1), settings.near, settings.far), options0, modelview0);
    WarpResult out;
    out.forward = make_pass(renderer.render(mesh0, select_channels(rgbd, 0, 3), modelview1, settings.fov_deg), n);
    out.forward_depth = downsample_point(out.forward.depth_full, settings.ssaa);

    // Pass 2: that render meshed with discontinuity flags, seen from view0 again.
    MeshOptions options1;
    options1.fov_deg = settings.fov_deg;
    options1.atol = settings.atol;
    options1.rtol = settings.rtol;
    const RgbdMesh mesh1 = depth_to_mesh(out.forward_depth, options1, modelview1);
    out.backward = make_pass(renderer.render(mesh1, from_u8(out.forward.color_u8), modelview0, settings.fov_deg), n);

    const Image depth = zbuffer_from_linear(downsample_point(out.backward.depth_full, settings.ssaa),
                                            settings.near, settings.far);
    out.mask = multiply_by_mask(downsample_coverage(out.backward.mask_full, settings.ssaa),
                                depth_edge_mask(depth, settings.atol, settings.rtol));
    out.color = multiply_by_mask(from_u8(out.backward.color_u8), out.mask);
    out.depth = multiply_by_mask(depth, out.mask);
    return out;
}

WarpTrainingPair augment_warp_pair(const Image& original_rgbd, const WarpResult& warp,
                                   const WarpAugmentation& augmentation) {
    const int n = warp.mask.width;
    require_same_size(warp.mask, n, 1, "mask");
    require_same_size(warp.color, n, 3, "warped colour");
    require_same_size(warp.depth, n, 1, "warped depth");
    require_same_size(original_rgbd, n, 4, "original rgbd");
    if (augmentation.erode_size && *augmentation.erode_size < 1)
        throw Error::at("augment_warp_pair", "erode_size", ">= 1", std::to_string(*augmentation.erode_size));

    const Image color = augmentation.blur_sigma
        ? gaussian_blur(select_channels(original_rgbd, 0, 3), kBlurKernel, *augmentation.blur_sigma)
        : warp.color;
    WarpTrainingPair pair;
    pair.mask = warp.mask;
    Image masked_color = color;
    if (augmentation.erode_size) {
        pair.mask_rgb = erode_mask(warp.mask, *augmentation.erode_size);
        masked_color = multiply_by_mask(color, pair.mask_rgb);
    }
    pair.y = Image(n, n, 4);
    for (size_t p = 0; p < pair.y.pixel_count(); ++p) {
        for (int c = 0; c < 3; ++c) pair.y.data[4 * p + c] = masked_color.data[3 * p + c] * warp.mask.data[p];
        pair.y.data[4 * p + 3] = warp.depth.data[p] * warp.mask.data[p];
    }
    return pair;
}

}  // namespace ivid

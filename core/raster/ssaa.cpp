#include "core/raster/ssaa.hpp"

#include "core/raster/pil_resample.hpp"
#include "core/util/error.hpp"

namespace ivid {
namespace {
void require_blocks(const Image& img, int ssaa, const char* what) {
    require(ssaa >= 1 && img.width % ssaa == 0 && img.height % ssaa == 0,
            std::string(what) + ": image size " + std::to_string(img.width) + "x" +
                std::to_string(img.height) + " is not a multiple of ssaa " + std::to_string(ssaa));
}
}  // namespace

ImageU8 downsample_color(const Image& color_full, int ssaa, bool clip) {
    require_blocks(color_full, ssaa, "downsample_color");
    return resize_lanczos_pil(to_u8_truncate(color_full, clip), color_full.width / ssaa,
                              color_full.height / ssaa);
}

Image downsample_point(const Image& full, int ssaa) {
    require_blocks(full, ssaa, "downsample_point");
    const int offset = (ssaa - 1) / 2;
    Image out(full.width / ssaa, full.height / ssaa, full.channels);
    for (int r = 0; r < out.height; ++r)
        for (int c = 0; c < out.width; ++c)
            for (int ch = 0; ch < full.channels; ++ch)
                out.at(r, c, ch) = full.at(r * ssaa + offset, c * ssaa + offset, ch);
    return out;
}

Image downsample_coverage(const Image& mask_full, int ssaa) {
    require_blocks(mask_full, ssaa, "downsample_coverage");
    require(mask_full.channels == 1, "downsample_coverage: mask must have one channel");
    Image out(mask_full.width / ssaa, mask_full.height / ssaa, 1);
    const double needed = 0.75 * ssaa * ssaa;
    for (int r = 0; r < out.height; ++r)
        for (int c = 0; c < out.width; ++c) {
            int count = 0;
            for (int i = 0; i < ssaa; ++i)
                for (int j = 0; j < ssaa; ++j) count += mask_full.at(r * ssaa + i, c * ssaa + j) > 0.5f;
            out.at(r, c) = count > needed ? 1.0f : 0.0f;
        }
    return out;
}

}  // namespace ivid

#include "core/eval/inpaint_baseline.hpp"

#include <algorithm>
#include <limits>

#include <opencv2/photo.hpp>

#include "core/util/error.hpp"

namespace ivid::eval {
namespace {

// 255 where the pixel is unknown: cv::inpaint's mask marks what to fill.
cv::Mat unknown_pixels(const Image& known) {
    cv::Mat m(known.height, known.width, CV_8UC1);
    for (size_t p = 0; p < known.pixel_count(); ++p) m.data[p] = known.data[p] > 0.5f ? 0 : 255;
    return m;
}

bool any_known(const Image& known) {
    return std::any_of(known.data.begin(), known.data.end(), [](float v) { return v > 0.5f; });
}

}  // namespace

RgbdFill telea_fill(const Image& color, const Image& mask_rgb, const Image& depth, const Image& mask, double radius) {
    if (color.channels != 3 || depth.channels != 1 || mask.channels != 1 || mask_rgb.channels != 1 ||
        color.width != depth.width || color.height != depth.height || mask.width != color.width ||
        mask_rgb.width != color.width || mask.height != color.height || mask_rgb.height != color.height)
        throw Error("telea_fill: expected N x N x 3 colour with N x N x 1 depth and masks");
    if (!any_known(mask)) throw Error("telea_fill: the condition has no known depth pixel to inpaint from");
    cv::Mat color8(color.height, color.width, CV_8UC3), filled8;
    for (size_t i = 0; i < color.data.size(); ++i)
        color8.data[i] = uint8_t(std::clamp(color.data[i], 0.0f, 1.0f) * 255.0f + 0.5f);
    // Erosion can leave depth but no colour: with nothing to continue, the colour is mid-grey.
    if (any_known(mask_rgb)) cv::inpaint(color8, unknown_pixels(mask_rgb), filled8, radius, cv::INPAINT_TELEA);
    else filled8 = cv::Mat(color8.size(), CV_8UC3, cv::Scalar::all(128));

    // Depth goes through 16 bit over the known range: OpenCV 4.6's float32 Telea returns garbage
    // inside the hole (seen on a linear ramp), its 16-bit path continues the ramp.
    float lo = std::numeric_limits<float>::max(), hi = std::numeric_limits<float>::lowest();
    for (size_t p = 0; p < depth.pixel_count(); ++p)
        if (mask.data[p] > 0.5f) {
            lo = std::min(lo, depth.data[p]);
            hi = std::max(hi, depth.data[p]);
        }
    const cv::Mat unknown_depth = unknown_pixels(mask);
    const float scale = hi > lo ? 65535.0f / (hi - lo) : 0.0f;
    cv::Mat depth16(depth.height, depth.width, CV_16UC1), filled16;
    for (size_t p = 0; p < depth.pixel_count(); ++p)
        depth16.ptr<uint16_t>()[p] = uint16_t(std::clamp((depth.data[p] - lo) * scale + 0.5f, 0.0f, 65535.0f));
    cv::inpaint(depth16, unknown_depth, filled16, radius, cv::INPAINT_TELEA);

    RgbdFill out{Image(color.width, color.height, 3), Image(depth.width, depth.height, 1)};
    for (size_t i = 0; i < out.color.data.size(); ++i) out.color.data[i] = float(filled8.data[i]) / 255.0f;
    for (size_t p = 0; p < out.depth.data.size(); ++p)
        out.depth.data[p] = mask.data[p] > 0.5f ? depth.data[p]
                                                : lo + (scale > 0.0f ? float(filled16.ptr<uint16_t>()[p]) / scale : 0.0f);
    return out;
}

}  // namespace ivid::eval

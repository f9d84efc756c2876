#include "core/image/label_colors.hpp"

#include <algorithm>
#include <cmath>

namespace ivid {

std::array<uint8_t, 3> label_color(int label) {
    if (label < 0) return {0, 0, 0};
    constexpr double kGoldenAngleTurns = 0.38196601125010515;  // 1 - 1/phi
    const double hue = std::fmod(label * kGoldenAngleTurns, 1.0) * 6.0;
    const double value = label % 2 == 0 ? 0.95 : 0.75;
    // HSV -> RGB at saturation 1.
    const int sector = static_cast<int>(hue) % 6;
    const double f = hue - std::floor(hue);
    const double rising = value * f, falling = value * (1.0 - f);
    double rgb[3] = {0.0, 0.0, 0.0};
    switch (sector) {
        case 0: rgb[0] = value, rgb[1] = rising; break;
        case 1: rgb[0] = falling, rgb[1] = value; break;
        case 2: rgb[1] = value, rgb[2] = rising; break;
        case 3: rgb[1] = falling, rgb[2] = value; break;
        case 4: rgb[0] = rising, rgb[2] = value; break;
        default: rgb[0] = value, rgb[2] = falling; break;
    }
    std::array<uint8_t, 3> out{};
    for (int c = 0; c < 3; ++c)
        out[c] = static_cast<uint8_t>(std::lround(std::clamp(rgb[c], 0.0, 1.0) * 255.0));
    return out;
}

ImageU8 colorize_labels(const ImageT<int32_t>& labels) {
    ImageU8 out(labels.width, labels.height, 3);
    for (size_t p = 0; p < labels.pixel_count(); ++p) {
        const std::array<uint8_t, 3> color = label_color(labels.data[p * labels.channels]);
        std::copy(color.begin(), color.end(), &out.data[p * 3]);
    }
    return out;
}

}  // namespace ivid

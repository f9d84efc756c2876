#include "core/image/image.hpp"

#include <algorithm>

#include "core/util/error.hpp"

namespace ivid {

Image select_channels(const Image& img, int first, int count) {
    require(first >= 0 && first + count <= img.channels, "select_channels: channel range out of bounds");
    Image out(img.width, img.height, count);
    for (size_t p = 0; p < img.pixel_count(); ++p)
        for (int c = 0; c < count; ++c)
            out.data[p * count + c] = img.data[p * img.channels + first + c];
    return out;
}

ImageU8 to_u8_truncate(const Image& img, bool clip) {
    ImageU8 out(img.width, img.height, img.channels);
    for (size_t i = 0; i < img.data.size(); ++i) {
        float v = img.data[i];
        if (clip) v = std::min(std::max(v, 0.0f), 1.0f);
        float scaled = v * 255.0f;  // float32 product, then truncation like numpy astype(uint8)
        out.data[i] = static_cast<uint8_t>(static_cast<int>(scaled));
    }
    return out;
}

Image from_u8(const ImageU8& img) {
    Image out(img.width, img.height, img.channels);
    for (size_t i = 0; i < img.data.size(); ++i) out.data[i] = img.data[i] / 255.0f;
    return out;
}

}  // namespace ivid

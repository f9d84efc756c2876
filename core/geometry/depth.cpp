#include "core/geometry/depth.hpp"

#include <algorithm>

#include "core/util/error.hpp"

namespace ivid {

// IVID does this arithmetic in numpy on float32 arrays with Python-float constants: each
// constant expression (1/near, near*far, far-near, ...) is evaluated in double and rounded to
// float once, then the per-pixel operations run in float32. The constants below follow that.

float zbuffer_from_linear(float z, float near, float far) {
    const double inv_near = 1.0 / double(near);
    const float a = float(inv_near), b = float(inv_near - 1.0 / double(far));
    const float clipped = std::min(std::max(z, near), far);
    return (a - 1.0f / clipped) / b;
}

float linear_from_zbuffer(float d, float near, float far) {
    const float nf = float(double(near) * double(far)), range = float(double(far) - double(near));
    const float clipped = std::min(std::max(d, float(1e-6)), float(1.0 - 1e-6));
    return nf / (float(far) - range * clipped);
}

float linear_from_window_depth(float w, float near, float far) {
    const float nf = float(double(near) * double(far)), range = float(double(far) - double(near));
    return nf / (far - w * range);
}

float window_depth_from_linear(float z, float near, float far) {
    // Inverse of the above: w = far (z - near) / (z (far - near)).
    const float range = float(double(far) - double(near));
    return far * (z - near) / (z * range);
}

float disparity_from_linear(float z) { return z > 0.0f ? 1.0f / z : 0.0f; }

namespace {

template <typename F>
Image map_single_channel(const Image& in, const char* what, F f) {
    if (in.channels != 1)
        throw Error::at(what, "channels", "1", std::to_string(in.channels));
    Image out(in.width, in.height, 1);
    std::transform(in.data.begin(), in.data.end(), out.data.begin(), f);
    return out;
}

}  // namespace

Image zbuffer_from_linear(const Image& linear, float near, float far) {
    return map_single_channel(linear, "zbuffer_from_linear",
                              [&](float z) { return zbuffer_from_linear(z, near, far); });
}

Image linear_from_zbuffer(const Image& zbuffer, float near, float far) {
    return map_single_channel(zbuffer, "linear_from_zbuffer",
                              [&](float d) { return linear_from_zbuffer(d, near, far); });
}

}  // namespace ivid

// Depth encodings used by IVID. "linear" is the view-space distance along the optical axis.
// "z_buffer" normalised: d = (1/near - 1/z) / (1/near - 1/far), z clipped to [near, far] first;
// inverse z = near*far / (far - (far - near) d), d clipped to [1e-6, 1 - 1e-6] first. float32.
#pragma once

#include "core/image/image.hpp"

namespace ivid {

float zbuffer_from_linear(float z, float near, float far);
float linear_from_zbuffer(float d, float near, float far);
// GL window depth w in [0,1] of a perspective(near, far) depth buffer -> linear depth.
float linear_from_window_depth(float w, float near, float far);
float window_depth_from_linear(float z, float near, float far);
// Disparity 1/z (0 for z <= 0).
float disparity_from_linear(float z);

Image zbuffer_from_linear(const Image& linear, float near, float far);
Image linear_from_zbuffer(const Image& zbuffer, float near, float far);

}  // namespace ivid

// Smooth synthetic RGBD views for the warp/aggregation tests: a gently tilted surface with a
// colour ramp, so that resampling and re-meshing keep values close to the input.
#pragma once

#include "core/geometry/depth.hpp"
#include "core/image/image.hpp"

namespace ivid::test {

// size x size x 4: colour ramps (r along columns, g along rows, b constant) and the LINEAR depth
// 1 + 0.3 * column / size, encoded as z_buffer with (near, far).
inline Image smooth_rgbd(int size, float near, float far) {
    Image rgbd(size, size, 4);
    for (int r = 0; r < size; ++r)
        for (int c = 0; c < size; ++c) {
            rgbd.at(r, c, 0) = (c + 0.5f) / size;
            rgbd.at(r, c, 1) = (r + 0.5f) / size;
            rgbd.at(r, c, 2) = 0.5f;
            rgbd.at(r, c, 3) = zbuffer_from_linear(1.0f + 0.3f * c / size, near, far);
        }
    return rgbd;
}

}  // namespace ivid::test

// A small ground-truth scene for the GL tests, ray cast analytically: a checkered sphere
// (radius 0.24 at the origin) in front of a checkered plane at z = -1.5, seen from a few poses
// on IVID's orbit. Checkers a few pixels wide make row flips and half-pixel shifts visible.
#pragma once

#include "core/scene/scene.hpp"

namespace ivid::test {

// Views at yaw 0 (the front view), +0.3 and -0.3 (pitch 0.1), image_size x image_size.
Scene make_synthetic_scene(int image_size);

// The same scene as if super-resolution had upsampled it from base_size: views at image_size,
// each with its base view (the scene rendered at base_size), base_image_size set.
Scene make_upsampled_synthetic_scene(int image_size, int base_size);

}  // namespace ivid::test

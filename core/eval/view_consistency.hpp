// Multi-view consistency of a scene: each view's RGBD mesh re-rendered into its neighbouring
// views and compared with what those views show. A 3D-consistent scene agrees wherever the
// source view saw the surface (occluded and disoccluded pixels are left out by the render mask).
#pragma once

#include <vector>

#include "core/scene/scene.hpp"

namespace ivid::eval {

struct PairConsistency {
    int source = 0, target = 0;  // view indices
    double depth_abs_rel = 0.0;  // mean |reprojected - view depth| / view depth
    double psnr = 0.0;           // colour PSNR (dB) over the reprojected pixels
};

struct ConsistencyScore {
    double depth_abs_rel = 0.0;  // mean over pairs
    double psnr = 0.0;           // mean over pairs with a finite PSNR
    int pairs = 0;               // ordered (source, target) neighbour pairs measured
    std::vector<PairConsistency> per_pair;
};

// Neighbours: views whose yaw (on the circle) and pitch both differ by at most `max_step`
// radians; IVID's 3x9 grid spacing is 0.15, a ring of N views is 2 pi / N apart. A scene with no
// neighbouring views that see each other is an Error.
ConsistencyScore view_consistency(const Scene& scene, float max_step = 0.16f);

}  // namespace ivid::eval

// IVID's warp training pairs (rgbd_3d/utils.py forward_backward_warp and the WarpDataset
// augmentation): mesh the RGBD view, render it into a perturbed view, re-mesh that render and
// render it back; what survives the round trip is the conditioning input of the warp model.
// See tests/fixtures/ivid-gl/README.md, "case 3".
#pragma once

#include <optional>

#include <glm/glm.hpp>

#include "core/image/image.hpp"

namespace ivid {

// Defaults are WarpDataset's (SimpleRenderer(3N, N, 0.1, 200), z_buffer 0.5/100, padding N,
// forward_backward_warp's atol = rtol = 0.02).
struct WarpSettings {
    int ssaa = 3;
    float renderer_near = 0.1f;
    float renderer_far = 200.0f;
    float fov_deg = 45.0f;
    float near = 0.5f;                 // z_buffer encoding of the input and output depth
    float far = 100.0f;
    std::optional<int> padding_pixels; // ring of mesh0; absent: the image size (WarpDataset); 0: none
    float atol = 0.02f;                // discontinuity tolerances of mesh1 and of depth_edge
    float rtol = 0.02f;
};

// What one render pass produced, at render size and after SSAA.
struct WarpPass {
    ImageU8 color8_full;  // to8b(render colour) at render size (the Lanczos input)
    ImageU8 color_u8;     // Lanczos-resized to N
    Image depth_full;     // LINEAR depth at render size
    Image mask_full;      // render mask at render size, 0/1
};

struct WarpResult {
    Image color;          // N x N x 3, backward colour * mask
    Image depth;          // N x N x 1, z_buffer depth * mask
    Image mask;           // N x N x 1, coverage AND depth_edge, 0/1
    Image forward_depth;  // N x N x 1 LINEAR depth of pass 1 at the centre sub-pixels (depth1)
    WarpPass forward;     // mesh0 -> view1
    WarpPass backward;    // mesh1 -> view0
};

// The canonical view0 of forward_backward_warp: lookAt((0,0,1), 0, +y).
glm::mat4 canonical_modelview();

// rgbd: N x N x 4, colour in [0,1] and z_buffer depth (settings.near/far) seen from modelview0.
// Throws Error on a non-square or non-RGBD input.
WarpResult forward_backward_warp(const Image& rgbd, const glm::mat4& modelview1,
                                 const glm::mat4& modelview0, const WarpSettings& settings);

// WarpDataset's augmentation choices, drawn randomly by the training pipeline.
struct WarpAugmentation {
    // Replace the warped colour by a 3x3 Gaussian blur (this sigma) of the ORIGINAL colour,
    // as IVID does (probability 0.8, sigma uniform in [0,1) + 1e-3).
    std::optional<float> blur_sigma;
    // mask_rgb = erode(mask, square of this side) multiplies the colour (IVID: {1,3,5,7,9}).
    std::optional<int> erode_size;
};

struct WarpTrainingPair {
    Image y;         // N x N x 4: colour + z_buffer depth, all multiplied by mask
    Image mask;      // N x N x 1
    Image mask_rgb;  // N x N x 1 eroded mask; empty without erode_size
};

// original_rgbd: the N x N x 4 input of the warp; warp: its forward_backward_warp result.
WarpTrainingPair augment_warp_pair(const Image& original_rgbd, const WarpResult& warp,
                                   const WarpAugmentation& augmentation);

}  // namespace ivid

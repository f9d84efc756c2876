// Multi-view fusion on top of AggregationRenderer, as IVID uses it:
// aggregate_conditions (inference/sample.py: the conditioning images of the next view) and the
// free-view frame of inference/render.py. See tests/fixtures/ivid-gl/README.md, cases 4 and 5.
#pragma once

#include <vector>

#include <glm/glm.hpp>

#include "core/geometry/rgbd_mesh.hpp"
#include "core/image/image.hpp"
#include "core/raster/aggregation_renderer.hpp"

namespace ivid {

// Defaults are sample.py's: AggregationRenderer(3N, N) with its 0.01/200, z_buffer 0.6/5,
// atol = rtol = 0.03, erode_rgb 3.
struct AggregateSettings {
    int ssaa = 3;
    float renderer_near = 0.01f;
    float renderer_far = 200.0f;
    float fov_deg = 45.0f;
    float near = 0.6f;       // z_buffer encoding of the output depth
    float far = 5.0f;
    float atol = 0.03f;      // depth_edge tolerances (z_buffer units)
    float rtol = 0.03f;
    int erode_rgb = 3;       // mask_rgb erosion kernel side 2*erode_rgb - 1 (>= 1)
};

struct AggregateConditions {
    Image color;          // N x N x 3: color_u8 / 255 * mask_rgb
    Image depth;          // N x N x 1: z_buffer depth * mask
    Image depth_convex;   // N x N x 1: z_buffer depth before masking
    Image mask;           // N x N x 1: depth coverage AND depth_edge, 0/1
    Image mask_rgb;       // N x N x 1: colour coverage AND eroded mask, 0/1
    ImageU8 color_u8;     // Lanczos-resized 8-bit colour before masking
    AggregationResult raw;  // the full-resolution aggregate
};

// meshes[i] textured with colors[i] (all N x N x 3), seen from target_modelview. Throws Error on
// an empty list, mismatched lists or sizes.
AggregateConditions aggregate_conditions(const std::vector<RgbdMesh>& meshes, const std::vector<Image>& colors,
                                         const glm::mat4& target_modelview, const AggregateSettings& settings);

// Defaults are render.py's: AggregationRenderer(5N, N, 0.1, 200); its depth video projects the
// depth with project_depth's defaults, z_buffer 0.5/100.
struct FusionSettings {
    int ssaa = 5;
    float renderer_near = 0.1f;
    float renderer_far = 200.0f;
    float fov_deg = 45.0f;
    float video_near = 0.5f;
    float video_far = 100.0f;
};

struct FusionFrame {
    AggregationResult raw;  // fused buffers at render size
    ImageU8 frame;          // N x N x 3: colour*255 truncated WITHOUT clipping, Pillow Lanczos to N
    Image depth_video;      // N x N x 1: centre sub-pixel depth, z_buffer (video_near, video_far)
};

FusionFrame render_fusion_frame(const std::vector<RgbdMesh>& meshes, const std::vector<Image>& colors,
                                const glm::mat4& modelview, const FusionSettings& settings);

}  // namespace ivid

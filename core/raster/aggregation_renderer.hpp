// IVID's AggregationRenderer on the CPU rasteriser: every mesh is drawn in its own pass (meshes
// never occlude each other), each fragment weighted by the angle between its normal and the
// direction to the mesh's SOURCE camera, down-weighted on eroded/padding/edge flags; the passes
// are folded into weighted colour, window-depth and count accumulators with the low-confidence
// "keep the farther surface" rule. All in float32 as the GL shaders do it. See
// tests/fixtures/ivid-gl/README.md, "AggregationRenderer".
#pragma once

#include <vector>

#include <glm/glm.hpp>

#include "core/geometry/rgbd_mesh.hpp"
#include "core/image/image.hpp"

namespace ivid {

struct AggregationResult {
    Image color;       // render_size^2 x 3 weighted mean colour, 0 where no weight
    Image depth;       // render_size^2 x 1 LINEAR depth of the averaged window depth (= near where none)
    Image mask_color;  // render_size^2 x 1, 1 where some mesh had a colour-confident fragment
    Image mask_depth;  // render_size^2 x 1, 1 where some mesh had a depth-confident fragment
};

struct AggregationRendererSettings {
    int render_size = 192;   // ssaa * image size (no multiple-of-8 restriction on the CPU)
    float near = 0.01f;      // IVID constructor defaults (sample.py); render.py uses 0.1 / 200
    float far = 200.0f;
};

class AggregationRenderer {
public:
    explicit AggregationRenderer(const AggregationRendererSettings& settings);

    // meshes[i] (with normals; its modelview is the source camera) is textured with colors[i].
    // An empty list gives the empty aggregate. Throws Error on mismatched lists or bad meshes.
    AggregationResult render(const std::vector<RgbdMesh>& meshes, const std::vector<Image>& colors,
                             const glm::mat4& modelview, float fov_deg = 45.0f) const;

    const AggregationRendererSettings& settings() const { return settings_; }

private:
    AggregationRendererSettings settings_;
};

}  // namespace ivid

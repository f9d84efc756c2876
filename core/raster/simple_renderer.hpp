// IVID's SimpleRenderer on the CPU rasteriser: one textured mesh into one view. Front faces take
// the NEAREST texel (clamp to edge, uv v indexes rows top-first) with alpha 1, or alpha 0 where
// the interpolated discontinuity bit exceeds 0.999; back faces write colour 0 / alpha 0 but still
// write depth (they occlude). See tests/fixtures/ivid-gl/README.md, "SimpleRenderer".
#pragma once

#include <glm/glm.hpp>

#include "core/geometry/rgbd_mesh.hpp"
#include "core/image/image.hpp"

namespace ivid {

struct SimpleRenderResult {
    Image color;  // render_size^2 x 3, row 0 = top; 0 where nothing or a back face was drawn
    Image depth;  // render_size^2 x 1, LINEAR depth from the D24 buffer (~far where empty)
    Image mask;   // render_size^2 x 1, 1 where alpha > 0.5 else 0
};

struct SimpleRendererSettings {
    int render_size = 192;   // WarpDataset: 3 * image size
    float near = 0.1f;       // the renderer's own depth range (WarpDataset: 0.1 / 200)
    float far = 200.0f;
};

class SimpleRenderer {
public:
    explicit SimpleRenderer(const SimpleRendererSettings& settings);

    // texture: H x W x 3 colour the mesh's uv index into. Throws Error on inconsistent input.
    SimpleRenderResult render(const RgbdMesh& mesh, const Image& texture, const glm::mat4& modelview,
                              float fov_deg = 45.0f) const;

    const SimpleRendererSettings& settings() const { return settings_; }

private:
    SimpleRendererSettings settings_;
};

}  // namespace ivid

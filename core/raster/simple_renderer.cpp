#include "core/raster/simple_renderer.hpp"

#include "core/geometry/depth.hpp"
#include "core/raster/mesh_shading.hpp"
#include "core/raster/rasterizer.hpp"

namespace ivid {
namespace {

enum SimpleVarying { kU, kV, kEdge, kSimpleVaryingCount };

// simple.fsh: NEAREST texel; alpha 0 on back faces and discontinuity-flagged fragments.
class SimpleShader : public FragmentShader {
public:
    SimpleShader(const Image& texture, Image& color, std::vector<float>& alpha)
        : texture_(texture), color_(color), alpha_(alpha) {}

    bool shade(const Fragment& f) override {
        float* out = &color_.data[f.pixel * 3];
        if (!f.front_facing) {
            out[0] = out[1] = out[2] = 0.0f;
            alpha_[f.pixel] = 0.0f;
            return true;
        }
        const glm::vec3 c = sample_nearest(texture_, f.varyings[kU], f.varyings[kV]);
        out[0] = c.r;
        out[1] = c.g;
        out[2] = c.b;
        alpha_[f.pixel] = f.varyings[kEdge] > 0.999f ? 0.0f : 1.0f;
        return true;
    }

private:
    const Image& texture_;
    Image& color_;
    std::vector<float>& alpha_;
};

}  // namespace

SimpleRenderer::SimpleRenderer(const SimpleRendererSettings& settings) : settings_(settings) {
    validate_render_settings(settings.render_size, settings.near, settings.far, "SimpleRenderer");
}

SimpleRenderResult SimpleRenderer::render(const RgbdMesh& mesh, const Image& texture,
                                          const glm::mat4& modelview, float fov_deg) const {
    validate_mesh_and_texture(mesh, texture, false, "SimpleRenderer::render");
    const int size = settings_.render_size;
    const glm::mat4 to_clip = clip_from_world(modelview, fov_deg, settings_.near, settings_.far);

    std::vector<RasterVertex> vertices(mesh.positions.size());
    for (size_t i = 0; i < vertices.size(); ++i) {
        vertices[i].clip = to_clip * glm::vec4(mesh.positions[i], 1.0f);
        vertices[i].varyings[kU] = mesh.uvs[i].x;
        vertices[i].varyings[kV] = mesh.uvs[i].y;
        vertices[i].varyings[kEdge] = flag_bit(mesh.flags[i], 0);
    }

    SimpleRenderResult result{Image(size, size, 3), Image(size, size, 1), Image(size, size, 1)};
    std::vector<float> alpha(size_t(size) * size, 0.0f);
    Rasterizer rasterizer(size, size);
    SimpleShader shader(texture, result.color, alpha);
    rasterizer.draw(vertices, mesh.faces, kSimpleVaryingCount, shader);

    for (size_t p = 0; p < alpha.size(); ++p) {
        result.depth.data[p] = linear_from_window_depth(rasterizer.window_depth(p), settings_.near, settings_.far);
        result.mask.data[p] = alpha[p] > 0.5f ? 1.0f : 0.0f;
    }
    return result;
}

}  // namespace ivid

#include "core/raster/aggregation_renderer.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/geometry/camera.hpp"
#include "core/geometry/depth.hpp"
#include "core/raster/mesh_shading.hpp"
#include "core/raster/rasterizer.hpp"
#include "core/util/error.hpp"

namespace ivid {
namespace {

enum AggregationVarying {
    kPosX, kPosY, kPosZ, kNormX, kNormY, kNormZ, kU, kV, kEdge, kPadding, kEroded,
    kAggregationVaryingCount
};

// aggregation.fsh: colour = NEAREST texel, alpha = the fragment's confidence weight.
class AggregationShader : public FragmentShader {
public:
    AggregationShader(const Image& texture, const glm::vec3& source_camera, std::vector<glm::vec4>& pass)
        : texture_(texture), source_camera_(source_camera), pass_(pass) {}

    bool shade(const Fragment& f) override {
        const auto& v = f.varyings;
        if (!f.front_facing) {
            // Back faces of the padding ring vanish; other back faces occlude with zero weight.
            if (v[kPadding] > 0.001f) return false;
            pass_[f.pixel] = glm::vec4(0.0f);
            return true;
        }
        const glm::vec3 position(v[kPosX], v[kPosY], v[kPosZ]);
        const glm::vec3 normal = glm::normalize(glm::vec3(v[kNormX], v[kNormY], v[kNormZ]));
        const glm::vec3 to_camera = glm::normalize(source_camera_ - position);
        const float cosine = std::min(std::max(glm::dot(to_camera, normal), 0.0f), 1.0f);
        float weight = std::exp(std::max(-std::acos(cosine) * 20.0f, -50.0f));
        weight = std::max(weight, 1e-4f);
        if (v[kEroded] >= 0.999f) weight *= 1e-8f;
        if (v[kPadding] > 0.001f || v[kEdge] > 0.999f) weight = 1e-16f;
        weight = std::max(weight, 1e-16f);
        const glm::vec3 c = sample_nearest(texture_, v[kU], v[kV]);
        pass_[f.pixel] = glm::vec4(c, weight);
        return true;
    }

private:
    const Image& texture_;
    glm::vec3 source_camera_;
    std::vector<glm::vec4>& pass_;
};

// The three accumulation images of aggregation.csh, per pixel.
struct Accumulator {
    glm::vec4 color{0.0f};      // (sum rgb*w, sum w)
    glm::vec2 depth{0.0f};      // (sum d*wd, sum wd), d = window depth
    glm::vec2 counts{0.0f};     // (count_depth, count_color)
};

constexpr float kLowConfidence = 1e-8f;

// aggregation.csh: fold one pass (colour+alpha, window depth) into the accumulator.
void fold(Accumulator& acc, const glm::vec4& pass, float window_depth) {
    const float a = pass.a;
    const float weight_depth = a > 1e-14f ? 1.0f : a > 0.0f ? kLowConfidence : 0.0f;
    const bool only_low_so_far = std::fabs(acc.depth.y - kLowConfidence) < kLowConfidence;
    if (only_low_so_far && std::fabs(weight_depth - kLowConfidence) < kLowConfidence) {
        // Among low-confidence contributions keep the farther surface.
        if (window_depth * kLowConfidence > acc.depth.x) {
            acc.depth = glm::vec2(window_depth * kLowConfidence, kLowConfidence);
            acc.color = glm::vec4(glm::vec3(pass) * a, a);
        }
    } else {
        acc.depth += glm::vec2(window_depth * weight_depth, weight_depth);
        acc.color += glm::vec4(glm::vec3(pass) * a, a);
    }
    acc.counts += glm::vec2(a > 1e-14f ? 1.0f : 0.0f, a > 1e-6f ? 1.0f : 0.0f);
}

}  // namespace

AggregationRenderer::AggregationRenderer(const AggregationRendererSettings& settings) : settings_(settings) {
    validate_render_settings(settings.render_size, settings.near, settings.far, "AggregationRenderer");
}

AggregationResult AggregationRenderer::render(const std::vector<RgbdMesh>& meshes,
                                              const std::vector<Image>& colors,
                                              const glm::mat4& modelview, float fov_deg) const {
    if (meshes.size() != colors.size())
        throw Error::at("AggregationRenderer::render", "colors", std::to_string(meshes.size()) + " (one per mesh)",
                        std::to_string(colors.size()));
    for (size_t m = 0; m < meshes.size(); ++m)
        validate_mesh_and_texture(meshes[m], colors[m], true,
                                  "AggregationRenderer::render mesh " + std::to_string(m));

    const int size = settings_.render_size;
    const size_t pixels = size_t(size) * size;
    const glm::mat4 to_clip = clip_from_world(modelview, fov_deg, settings_.near, settings_.far);
    std::vector<Accumulator> acc(pixels);
    std::vector<glm::vec4> pass(pixels);
    Rasterizer rasterizer(size, size);

    for (size_t m = 0; m < meshes.size(); ++m) {
        const RgbdMesh& mesh = meshes[m];
        std::vector<RasterVertex> vertices(mesh.positions.size());
        for (size_t i = 0; i < vertices.size(); ++i) {
            auto& v = vertices[i].varyings;
            const glm::vec3& p = mesh.positions[i];
            const glm::vec3 n = glm::normalize(mesh.normals[i]);
            vertices[i].clip = to_clip * glm::vec4(p, 1.0f);
            v[kPosX] = p.x, v[kPosY] = p.y, v[kPosZ] = p.z;
            v[kNormX] = n.x, v[kNormY] = n.y, v[kNormZ] = n.z;
            v[kU] = mesh.uvs[i].x, v[kV] = mesh.uvs[i].y;
            v[kEdge] = flag_bit(mesh.flags[i], 0);
            v[kPadding] = flag_bit(mesh.flags[i], 1);
            v[kEroded] = flag_bit(mesh.flags[i], 2);
        }
        std::fill(pass.begin(), pass.end(), glm::vec4(0.0f));
        rasterizer.clear_depth();
        AggregationShader shader(colors[m], camera_center(mesh.modelview), pass);
        rasterizer.draw(vertices, mesh.faces, kAggregationVaryingCount, shader);
#pragma omp parallel for
        for (int64_t p = 0; p < int64_t(pixels); ++p) fold(acc[p], pass[p], rasterizer.window_depth(p));
    }

    AggregationResult out{Image(size, size, 3), Image(size, size, 1), Image(size, size, 1), Image(size, size, 1)};
    for (size_t p = 0; p < pixels; ++p) {
        const Accumulator& a = acc[p];
        const glm::vec3 color = a.color.a > 0.0f ? glm::vec3(a.color) / std::max(a.color.a, 1e-24f) : glm::vec3(0.0f);
        out.color.data[3 * p] = color.r;
        out.color.data[3 * p + 1] = color.g;
        out.color.data[3 * p + 2] = color.b;
        const float window_depth = a.depth.y > 0.0f ? a.depth.x / std::max(a.depth.y, 1e-24f) : 0.0f;
        out.depth.data[p] = linear_from_window_depth(window_depth, settings_.near, settings_.far);
        out.mask_depth.data[p] = a.counts.x > 0.5f ? 1.0f : 0.0f;
        out.mask_color.data[p] = a.counts.y > 0.5f ? 1.0f : 0.0f;
    }
    return out;
}

}  // namespace ivid

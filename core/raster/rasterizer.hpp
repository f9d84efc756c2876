// A CPU triangle rasteriser that reproduces what Mesa llvmpipe does for IVID's draws:
// clip-space vertices, clipping against the near and far planes, viewport mapping, sample
// points at pixel centres, vertices snapped to 1/256 pixel with exact integer edge functions
// and llvmpipe's fill rule, facing from the window-space signed area (front = CCW in GL window
// coordinates), perspective-correct varyings, a 24-bit fixed-point depth buffer with test LESS.
// Pixels are addressed top-first (row 0 = top of the image), i.e. GL read-backs already flipped.
// SimpleRenderer and AggregationRenderer plug in their fragment stage as a FragmentShader.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <vector>

#include <glm/glm.hpp>

namespace ivid {

constexpr int kMaxVaryings = 12;

// What a vertex shader hands to the rasteriser.
struct RasterVertex {
    glm::vec4 clip{0.0f};                      // clip-space position (projection * modelview * p)
    std::array<float, kMaxVaryings> varyings{};  // perspective-correct interpolated per fragment
};

struct Fragment {
    size_t pixel = 0;             // row-major index, row 0 = TOP of the image
    bool front_facing = true;
    std::array<float, kMaxVaryings> varyings{};
};

class FragmentShader {
public:
    virtual ~FragmentShader() = default;
    // Called for fragments that passed the depth test, in draw order per pixel. Writes the
    // fragment's outputs and returns true, or returns false to discard it (no depth write).
    virtual bool shade(const Fragment& fragment) = 0;
};

// GL_DEPTH_COMPONENT24: window depth w in [0,1] stored as round(w * (2^24 - 1)).
constexpr uint32_t kDepth24Max = (1u << 24) - 1;
uint32_t quantize_depth24(float window_depth);
float depth24_to_float(uint32_t value);

// projection(fov, 1, near, far) * modelview, computed in float as the GL vertex shader does.
glm::mat4 clip_from_world(const glm::mat4& modelview, float fov_deg, float near, float far);

class Rasterizer {
public:
    Rasterizer(int width, int height);

    int width() const { return width_; }
    int height() const { return height_; }

    // Depth cleared to 1.0 (glClear with the default depth).
    void clear_depth();
    // Draws `faces` (indices into `vertices`) in order, interpolating the first
    // `varying_count` varyings. Throws Error on out-of-range indices or varying counts.
    void draw(const std::vector<RasterVertex>& vertices, const std::vector<glm::ivec3>& faces,
              int varying_count, FragmentShader& shader);

    // The D24 depth buffer read back as float window depth (top-first).
    float window_depth(size_t pixel) const { return depth24_to_float(depth_[pixel]); }

private:
    int width_, height_;
    std::vector<uint32_t> depth_;
};

}  // namespace ivid

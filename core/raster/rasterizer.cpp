#include "core/raster/rasterizer.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include "core/geometry/camera.hpp"
#include "core/util/error.hpp"

namespace ivid {
namespace {

// llvmpipe snaps window coordinates to 1/256 pixel (FIXED_ORDER 8).
constexpr int kSubpixelBits = 8;
constexpr double kSubpixelScale = 1 << kSubpixelBits;
// Guard band in NDC units: far outside the viewport, it only keeps the fixed-point edge
// functions within int64 range; edges inside the viewport are untouched.
constexpr float kGuardBand = 4096.0f;
// Rows per OpenMP work item; each pixel belongs to exactly one band, so per-pixel draw order
// (which decides depth ties) is kept.
constexpr int kBandRows = 8;

struct ClipVertex {
    glm::vec4 clip;
    std::array<float, kMaxVaryings> varyings;
};

// a(x, y) = a0 + ax * (x - x0) + ay * (y - y0) over window coordinates.
struct Plane {
    double a0 = 0, ax = 0, ay = 0;
    double at(double dx, double dy) const { return a0 + ax * dx + ay * dy; }
};

struct SetupTriangle {
    // Edge functions E(i, j) = a*i + b*j + c at the sample of pixel (i, j), exact in int64;
    // `include_zero` applies the fill rule to samples exactly on the edge.
    int64_t ea[3], eb[3], ec[3];
    bool include_zero[3];
    int min_x, max_x, min_y, max_y;  // GL window pixel bounds (y up), clamped to the viewport
    bool front_facing;
    double x0, y0;                    // origin of the planes
    Plane depth, inv_w;
    std::array<Plane, kMaxVaryings> varyings;  // of varying / w
};

float clip_distance(const glm::vec4& v, int plane) {
    switch (plane) {
        case 0: return v.z + v.w;               // near
        case 1: return v.w - v.z;               // far
        case 2: return kGuardBand * v.w - v.x;
        case 3: return kGuardBand * v.w + v.x;
        case 4: return kGuardBand * v.w - v.y;
        default: return kGuardBand * v.w + v.y;
    }
}

// A convex polygon of at most 3 + 6 vertices (each plane adds at most one), on the stack.
constexpr int kClipPlanes = 6;
struct Polygon {
    std::array<ClipVertex, 3 + kClipPlanes> v;
    int size = 0;
};

// Sutherland-Hodgman against the near/far planes and the guard band (size 0 when fully
// outside). Varyings are linear in clip space.
void clip_triangle(const ClipVertex& a, const ClipVertex& b, const ClipVertex& c, int varying_count,
                   Polygon& poly) {
    poly.v[0] = a, poly.v[1] = b, poly.v[2] = c;
    poly.size = 3;
    Polygon next;
    for (int plane = 0; plane < kClipPlanes && poly.size > 0; ++plane) {
        bool all_inside = true;
        for (int i = 0; i < poly.size; ++i) all_inside = all_inside && clip_distance(poly.v[i].clip, plane) >= 0.0f;
        if (all_inside) continue;
        next.size = 0;
        for (int i = 0; i < poly.size; ++i) {
            const ClipVertex& p = poly.v[i];
            const ClipVertex& q = poly.v[(i + 1) % poly.size];
            const float dp = clip_distance(p.clip, plane), dq = clip_distance(q.clip, plane);
            if (dp >= 0.0f) next.v[next.size++] = p;
            if ((dp >= 0.0f) != (dq >= 0.0f)) {
                const float t = dp / (dp - dq);
                ClipVertex& v = next.v[next.size++];
                v.clip = p.clip + t * (q.clip - p.clip);
                for (int k = 0; k < varying_count; ++k)
                    v.varyings[k] = p.varyings[k] + t * (q.varyings[k] - p.varyings[k]);
            }
        }
        std::swap(poly, next);
    }
}

struct WindowVertex {
    float x, y, z, inv_w;        // GL window coordinates (y up), window depth, 1/w
    int64_t sx, sy;              // snapped, relative to the pixel-centre sample grid
    std::array<float, kMaxVaryings> varyings;
};

WindowVertex to_window(const ClipVertex& v, int width, int height, int varying_count) {
    WindowVertex w;
    w.inv_w = 1.0f / v.clip.w;
    const float half_w = 0.5f * width, half_h = 0.5f * height;
    w.x = v.clip.x * w.inv_w * half_w + half_w;
    w.y = v.clip.y * w.inv_w * half_h + half_h;
    w.z = v.clip.z * w.inv_w * 0.5f + 0.5f;
    // Sample points sit at pixel centres: shift by half a pixel so pixel i samples at i.
    w.sx = std::llrint((double(w.x) - 0.5) * kSubpixelScale);
    w.sy = std::llrint((double(w.y) - 0.5) * kSubpixelScale);
    for (int k = 0; k < varying_count; ++k) w.varyings[k] = v.varyings[k] * w.inv_w;
    return w;
}

Plane make_plane(const WindowVertex* v[3], double det, double a0, double a1, double a2) {
    const double x10 = double(v[1]->x) - v[0]->x, y10 = double(v[1]->y) - v[0]->y;
    const double x20 = double(v[2]->x) - v[0]->x, y20 = double(v[2]->y) - v[0]->y;
    Plane p;
    p.a0 = a0;
    p.ax = ((a1 - a0) * y20 - (a2 - a0) * y10) / det;
    p.ay = ((a2 - a0) * x10 - (a1 - a0) * x20) / det;
    return p;
}

// Returns false for triangles that cover no sample (zero snapped area, outside the viewport).
bool setup_triangle(const WindowVertex& a, const WindowVertex& b, const WindowVertex& c,
                    int width, int height, int varying_count, SetupTriangle& t) {
    const int64_t area = (b.sx - a.sx) * (c.sy - a.sy) - (b.sy - a.sy) * (c.sx - a.sx);
    if (area == 0) return false;
    t.front_facing = area > 0;  // counter-clockwise in GL window coordinates (y up)

    // Edges of the positively oriented triangle; interior where E > 0.
    const WindowVertex* ordered[3] = {&a, area > 0 ? &b : &c, area > 0 ? &c : &b};
    for (int e = 0; e < 3; ++e) {
        const WindowVertex& p = *ordered[e];
        const WindowVertex& q = *ordered[(e + 1) % 3];
        const int64_t dx = q.sx - p.sx, dy = q.sy - p.sy;
        // E(X, Y) = dx*(Y - py) - dy*(X - px) with X = i*256, Y = j*256.
        t.ea[e] = -dy * int64_t(kSubpixelScale);
        t.eb[e] = dx * int64_t(kSubpixelScale);
        t.ec[e] = dy * p.sx - dx * p.sy;
        // llvmpipe's top-left rule in its own frame, whose y is GL window y (an FBO is not
        // flipped): samples on a left edge or on a horizontal edge with the interior at
        // larger y are inside.
        t.include_zero[e] = dy < 0 || (dy == 0 && dx > 0);
    }

    const auto to_pixel_floor = [](int64_t s) { return int(std::floor(double(s) / kSubpixelScale)); };
    const auto to_pixel_ceil = [](int64_t s) { return int(std::ceil(double(s) / kSubpixelScale)); };
    t.min_x = std::max(0, to_pixel_ceil(std::min({a.sx, b.sx, c.sx})));
    t.max_x = std::min(width - 1, to_pixel_floor(std::max({a.sx, b.sx, c.sx})));
    t.min_y = std::max(0, to_pixel_ceil(std::min({a.sy, b.sy, c.sy})));
    t.max_y = std::min(height - 1, to_pixel_floor(std::max({a.sy, b.sy, c.sy})));
    if (t.min_x > t.max_x || t.min_y > t.max_y) return false;

    // Attribute planes from the unsnapped float positions, as llvmpipe sets them up.
    const WindowVertex* v[3] = {&a, &b, &c};
    const double det = (double(b.x) - a.x) * (double(c.y) - a.y) - (double(c.x) - a.x) * (double(b.y) - a.y);
    if (det == 0.0) return false;
    t.x0 = a.x;
    t.y0 = a.y;
    t.depth = make_plane(v, det, a.z, b.z, c.z);
    t.inv_w = make_plane(v, det, a.inv_w, b.inv_w, c.inv_w);
    for (int k = 0; k < varying_count; ++k)
        t.varyings[k] = make_plane(v, det, a.varyings[k], b.varyings[k], c.varyings[k]);
    return true;
}

int64_t floor_div(int64_t a, int64_t b) {  // b > 0
    const int64_t q = a / b;
    return (a % b != 0 && a < 0) ? q - 1 : q;
}
int64_t ceil_div(int64_t a, int64_t b) { return -floor_div(-a, b); }

// Narrows [lo, hi] to the pixels of row j inside edge e - the exact solution of
// E(i, j) > 0 (>= 0 with the fill rule's tie), so no pixel is tested one by one.
void row_span(const SetupTriangle& t, int e, int j, int64_t& lo, int64_t& hi) {
    const int64_t a = t.ea[e], c = t.eb[e] * j + t.ec[e];
    const bool tie = t.include_zero[e];
    if (a > 0) {
        lo = std::max(lo, tie ? ceil_div(-c, a) : floor_div(-c, a) + 1);
    } else if (a < 0) {
        hi = std::min(hi, tie ? floor_div(c, -a) : ceil_div(c, -a) - 1);
    } else if (c < 0 || (c == 0 && !tie)) {
        hi = lo - 1;
    }
}

}  // namespace

uint32_t quantize_depth24(float window_depth) {
    const float w = std::min(std::max(window_depth, 0.0f), 1.0f);
    return static_cast<uint32_t>(std::lrint(w * float(kDepth24Max)));
}

float depth24_to_float(uint32_t value) { return static_cast<float>(value / double(kDepth24Max)); }

glm::mat4 clip_from_world(const glm::mat4& modelview, float fov_deg, float near, float far) {
    return perspective(fov_deg, 1.0f, near, far) * modelview;
}

Rasterizer::Rasterizer(int width, int height) : width_(width), height_(height) {
    require(width > 0 && height > 0, "Rasterizer: size must be positive, found " +
                                         std::to_string(width) + "x" + std::to_string(height));
    depth_.assign(size_t(width) * height, kDepth24Max);
}

void Rasterizer::clear_depth() { std::fill(depth_.begin(), depth_.end(), kDepth24Max); }

void Rasterizer::draw(const std::vector<RasterVertex>& vertices, const std::vector<glm::ivec3>& faces,
                      int varying_count, FragmentShader& shader) {
    require(varying_count >= 0 && varying_count <= kMaxVaryings,
            "Rasterizer::draw: varying count: expected 0.." + std::to_string(kMaxVaryings) +
                ", found " + std::to_string(varying_count));
    const int64_t vertex_count = int64_t(vertices.size());
    for (size_t f = 0; f < faces.size(); ++f)
        for (int k = 0; k < 3; ++k)
            if (faces[f][k] < 0 || faces[f][k] >= vertex_count)
                throw Error("Rasterizer::draw: face " + std::to_string(f) + ": vertex index " +
                            std::to_string(faces[f][k]) + " outside [0, " +
                            std::to_string(vertex_count) + ")");

    // Setup (clip, project, snap) for every triangle, keeping draw order: count the fan
    // triangles of every face, then fill each face's slots in parallel.
    const auto setup_face = [&](int64_t f, SetupTriangle* out) {
        ClipVertex corner[3];
        for (int k = 0; k < 3; ++k) {
            const RasterVertex& rv = vertices[faces[f][k]];
            corner[k].clip = rv.clip;
            corner[k].varyings = rv.varyings;
        }
        Polygon poly;
        clip_triangle(corner[0], corner[1], corner[2], varying_count, poly);
        if (poly.size < 3) return 0;
        std::array<WindowVertex, 3 + kClipPlanes> win;
        for (int i = 0; i < poly.size; ++i) win[i] = to_window(poly.v[i], width_, height_, varying_count);
        int count = 0;
        SetupTriangle scratch;
        for (int k = 1; k + 1 < poly.size; ++k)
            if (setup_triangle(win[0], win[k], win[k + 1], width_, height_, varying_count, out ? out[count] : scratch))
                ++count;
        return count;
    };
    const int64_t face_count = int64_t(faces.size());
    std::vector<int64_t> first(face_count + 1, 0);
#pragma omp parallel for schedule(dynamic, 256)
    for (int64_t f = 0; f < face_count; ++f) first[f + 1] = setup_face(f, nullptr);
    for (int64_t f = 0; f < face_count; ++f) first[f + 1] += first[f];
    std::vector<SetupTriangle> triangles(first[face_count]);
#pragma omp parallel for schedule(dynamic, 256)
    for (int64_t f = 0; f < face_count; ++f)
        if (first[f + 1] > first[f]) setup_face(f, triangles.data() + first[f]);

    // Bin triangles by band (in draw order) so a band only visits the triangles it overlaps.
    const int bands = (height_ + kBandRows - 1) / kBandRows;
    std::vector<std::vector<uint32_t>> binned(bands);
    for (size_t i = 0; i < triangles.size(); ++i)
        for (int band = triangles[i].min_y / kBandRows; band <= triangles[i].max_y / kBandRows; ++band)
            binned[band].push_back(uint32_t(i));
#pragma omp parallel for schedule(dynamic, 1)
    for (int band = 0; band < bands; ++band) {
        const int band_lo = band * kBandRows, band_hi = std::min(height_, band_lo + kBandRows) - 1;
        Fragment frag;
        for (const uint32_t index : binned[band]) {
            const SetupTriangle& t = triangles[index];
            const int y_lo = std::max(t.min_y, band_lo), y_hi = std::min(t.max_y, band_hi);
            for (int j = y_lo; j <= y_hi; ++j) {
                const size_t row_start = size_t(height_ - 1 - j) * width_;
                int64_t i_lo = t.min_x, i_hi = t.max_x;
                for (int e = 0; e < 3; ++e) row_span(t, e, j, i_lo, i_hi);
                for (int i = int(i_lo); i <= i_hi; ++i) {
                    const double dx = i + 0.5 - t.x0, dy = j + 0.5 - t.y0;
                    const uint32_t z = quantize_depth24(float(t.depth.at(dx, dy)));
                    const size_t pixel = row_start + i;
                    if (z >= depth_[pixel]) continue;
                    const double w = 1.0 / t.inv_w.at(dx, dy);
                    for (int k = 0; k < varying_count; ++k)
                        frag.varyings[k] = float(t.varyings[k].at(dx, dy) * w);
                    frag.pixel = pixel;
                    frag.front_facing = t.front_facing;
                    if (shader.shade(frag)) depth_[pixel] = z;
                }
            }
        }
    }
}

}  // namespace ivid

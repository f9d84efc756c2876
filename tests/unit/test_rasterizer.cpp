// The CPU rasteriser and the two IVID renderers on analytic scenes: exact coverage (fill rule),
// D24 depth read-back, perspective-correct varyings against float64 ray casting, facing.
#include <doctest/doctest.h>

#include <cmath>
#include <random>

#include "core/geometry/camera.hpp"
#include "core/geometry/depth.hpp"
#include "core/raster/aggregation_renderer.hpp"
#include "core/raster/rasterizer.hpp"
#include "core/raster/simple_renderer.hpp"
#include "tests/test_support.hpp"

using namespace ivid;

namespace {

// Counts fragments per pixel and records the last varyings; discards so the depth test never
// hides a second fragment.
struct CountingShader : FragmentShader {
    std::vector<int> count;
    std::vector<std::array<float, kMaxVaryings>> varyings;
    std::vector<int> front;
    explicit CountingShader(size_t pixels) : count(pixels, 0), varyings(pixels), front(pixels, -1) {}
    bool shade(const Fragment& f) override {
        ++count[f.pixel];
        varyings[f.pixel] = f.varyings;
        front[f.pixel] = f.front_facing ? 1 : 0;
        return false;
    }
};

// A vertex at window position (x, y) of a size x size viewport (w = 1, no perspective).
RasterVertex window_vertex(double x, double y, int size) {
    RasterVertex v;
    v.clip = glm::vec4(float(x / size * 2 - 1), float(y / size * 2 - 1), 0.0f, 1.0f);
    return v;
}

// A two-triangle quad on the plane z = z_view (camera space, camera at the origin looking -z),
// uv = ((x+1)/2, (1-y)/2) over x, y in [-1, 1] * half_extent.
RgbdMesh camera_quad(float half_extent, float z_view, bool counter_clockwise, int32_t flag = 0) {
    RgbdMesh mesh;
    const float e = half_extent;
    mesh.positions = {{-e, -e, z_view}, {e, -e, z_view}, {e, e, z_view}, {-e, e, z_view}};
    mesh.uvs = {{0.0f, 1.0f}, {1.0f, 1.0f}, {1.0f, 0.0f}, {0.0f, 0.0f}};
    mesh.normals.assign(4, glm::vec3(0.0f, 0.0f, 1.0f));
    mesh.flags.assign(4, flag);
    if (counter_clockwise)
        mesh.faces = {{0, 1, 2}, {0, 2, 3}};
    else
        mesh.faces = {{0, 2, 1}, {0, 3, 2}};
    return mesh;
}

Image solid_texture(float r, float g, float b) {
    Image t(2, 2, 3);
    for (size_t p = 0; p < 4; ++p) t.data[3 * p] = r, t.data[3 * p + 1] = g, t.data[3 * p + 2] = b;
    return t;
}

}  // namespace

TEST_CASE("a full-screen quad covers every pixel exactly once, also across its diagonal") {
    const int size = 16;
    // The diagonal x = y passes exactly through every pixel centre on it.
    std::vector<RasterVertex> v = {window_vertex(0, 0, size), window_vertex(size, 0, size),
                                   window_vertex(size, size, size), window_vertex(0, size, size)};
    Rasterizer r(size, size);
    CountingShader s(size * size);
    r.draw(v, {{0, 1, 2}, {0, 2, 3}}, 0, s);
    for (int c : s.count) REQUIRE(c == 1);
}

TEST_CASE("a jittered triangulated grid with vertices on pixel centres covers every pixel once") {
    const int size = 24, cells = 6;
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> jitter(-3, 3);
    std::vector<RasterVertex> v;
    for (int j = 0; j <= cells; ++j)
        for (int i = 0; i <= cells; ++i) {
            // Interior vertices land on pixel centres or half-way between (exact ties).
            const bool border_x = i == 0 || i == cells, border_y = j == 0 || j == cells;
            const double x = border_x ? (i == 0 ? -3.0 : size + 3.0) : i * 4.0 + 0.5 + jitter(rng) * 0.5;
            const double y = border_y ? (j == 0 ? -3.0 : size + 3.0) : j * 4.0 + 0.5 + jitter(rng) * 0.5;
            v.push_back(window_vertex(x, y, size));
        }
    std::vector<glm::ivec3> faces;
    for (int j = 0; j < cells; ++j)
        for (int i = 0; i < cells; ++i) {
            const int a = j * (cells + 1) + i, b = a + 1, c = a + cells + 1, d = c + 1;
            if ((i + j) % 2) {
                faces.push_back({a, b, d});
                faces.push_back({a, d, c});
            } else {
                faces.push_back({a, b, c});
                faces.push_back({b, d, c});
            }
        }
    Rasterizer r(size, size);
    CountingShader s(size * size);
    r.draw(v, faces, 0, s);
    int total = 0;
    for (int c : s.count) {
        CHECK(c == 1);
        total += c;
    }
    CHECK(total == size * size);
}

TEST_CASE("facing follows the window-space winding and row 0 is the top") {
    const int size = 8;
    // A triangle in the top-left corner of the image (GL window y is up).
    std::vector<RasterVertex> v = {window_vertex(0, size, size), window_vertex(0, size / 2, size),
                                   window_vertex(size / 2, size, size)};
    Rasterizer r(size, size);
    CountingShader ccw(size * size), cw(size * size);
    r.draw(v, {{0, 1, 2}}, 0, ccw);  // counter-clockwise with y up
    r.draw(v, {{0, 2, 1}}, 0, cw);
    CHECK(ccw.count[0] == 1);         // pixel (row 0, col 0): top-left
    CHECK(ccw.count[size * size - 1] == 0);
    CHECK(ccw.front[0] == 1);
    CHECK(cw.front[0] == 0);
}

TEST_CASE("a fronto-parallel plane reads back its linear depth within D24 precision") {
    const float near = 0.1f, far = 200.0f, z = 2.5f;
    const SimpleRenderer renderer({32, near, far});
    const RgbdMesh quad = camera_quad(0.5f, -z, true);
    const auto res = renderer.render(quad, solid_texture(0.2f, 0.4f, 0.6f), glm::mat4(1.0f));
    // One D24 step at depth z, in linear depth: z^2 (far - near) / (near far) / (2^24 - 1).
    const double step = double(z) * z * (far - near) / (near * far) / kDepth24Max;
    int covered = 0;
    for (size_t p = 0; p < res.mask.data.size(); ++p) {
        if (res.mask.data[p] > 0.5f) {
            ++covered;
            CHECK(std::fabs(res.depth.data[p] - z) <= 2 * step + 1e-6 * z);
            CHECK(res.color.data[3 * p + 1] == 0.4f);
        } else {
            CHECK(res.depth.data[p] == doctest::Approx(linear_from_window_depth(1.0f, near, far)));
        }
    }
    // Pixel centres whose ray hits |x|, |y| < 0.5 at depth z (none lies on the border).
    const double f = 0.5 / std::tan(22.5 * M_PI / 180);
    int per_row = 0;
    for (int c = 0; c < 32; ++c) per_row += std::fabs(((c + 0.5) / 32 - 0.5) / f * z) < 0.5;
    CHECK(covered == per_row * per_row);
}

TEST_CASE("perspective-correct varyings on a slanted plane match float64 ray casting") {
    const int size = 48;
    const float fov = 45.0f;
    // Plane through (0,0,-2) tilted about the y axis: z = -2 - 0.8 x. Varyings: world x and y.
    std::vector<RasterVertex> v;
    const glm::mat4 to_clip = clip_from_world(glm::mat4(1.0f), fov, 0.1f, 200.0f);
    const std::pair<float, float> corners[] = {{-1.5f, -1.5f}, {1.5f, -1.5f}, {1.5f, 1.5f}, {-1.5f, 1.5f}};
    for (auto [x, y] : corners) {
        RasterVertex rv;
        rv.clip = to_clip * glm::vec4(x, y, -2.0f - 0.8f * x, 1.0f);
        rv.varyings[0] = x;
        rv.varyings[1] = y;
        v.push_back(rv);
    }
    Rasterizer r(size, size);
    CountingShader s(size * size);
    r.draw(v, {{0, 1, 2}, {0, 2, 3}}, 2, s);
    const double f = 0.5 / std::tan(fov / 2 * M_PI / 180);
    double max_err = 0;
    int checked = 0;
    for (int row = 0; row < size; ++row)
        for (int col = 0; col < size; ++col) {
            const size_t p = size_t(row) * size + col;
            if (s.count[p] == 0) continue;
            // Ray through the pixel centre: direction ((u-0.5)/f, (0.5-v)/f, -1).
            const double dx = ((col + 0.5) / size - 0.5) / f, dy = (0.5 - (row + 0.5) / size) / f;
            const double t = 2.0 / (1.0 - 0.8 * dx);  // -t = -2 - 0.8 * t * dx
            max_err = std::max({max_err, std::fabs(s.varyings[p][0] - t * dx), std::fabs(s.varyings[p][1] - t * dy)});
            ++checked;
        }
    CHECK(checked > size * size / 2);
    CHECK(max_err < 2e-5);
}

TEST_CASE("SimpleRenderer: back faces write zero colour and alpha but still occlude") {
    const SimpleRenderer renderer({16, 0.1f, 200.0f});
    RgbdMesh scene = camera_quad(2.0f, -3.0f, true);     // far, front facing
    const RgbdMesh back = camera_quad(2.0f, -1.0f, false);  // near, back facing, drawn second
    for (const auto& f : back.faces) scene.faces.push_back(f + glm::ivec3(4));
    scene.positions.insert(scene.positions.end(), back.positions.begin(), back.positions.end());
    scene.uvs.insert(scene.uvs.end(), back.uvs.begin(), back.uvs.end());
    scene.flags.insert(scene.flags.end(), back.flags.begin(), back.flags.end());
    const auto res = renderer.render(scene, solid_texture(1.0f, 1.0f, 1.0f), glm::mat4(1.0f));
    for (size_t p = 0; p < res.mask.data.size(); ++p) {
        CHECK(res.mask.data[p] == 0.0f);
        CHECK(res.color.data[3 * p] == 0.0f);
        CHECK(res.depth.data[p] == doctest::Approx(1.0f).epsilon(1e-4));
    }
    // Discontinuity-flagged triangles (all three vertices) have alpha 0 but keep their colour.
    const auto flagged = renderer.render(camera_quad(2.0f, -1.0f, true, kFlagDiscontinuity),
                                         solid_texture(0.5f, 0.5f, 0.5f), glm::mat4(1.0f));
    CHECK(flagged.mask.data[0] == 0.0f);
    CHECK(flagged.color.data[0] == 0.5f);
}

TEST_CASE("AggregationRenderer: back faces discard only with the padding flag; facing weight 1") {
    const AggregationRenderer renderer({16, 0.01f, 200.0f});
    RgbdMesh front = camera_quad(2.0f, -3.0f, true);
    front.modelview = glm::mat4(1.0f);  // source camera at the origin, facing the plane
    const glm::mat4 view(1.0f);
    const auto alone = renderer.render({front}, {solid_texture(0.25f, 0.5f, 0.75f)}, view);
    CHECK(alone.mask_color.data[0] == 1.0f);
    CHECK(alone.color.data[2] == doctest::Approx(0.75f));
    CHECK(alone.depth.data[0] == doctest::Approx(3.0f).epsilon(1e-4));

    // Meshes never occlude each other; a back face occludes its own mesh unless it is padding.
    for (int32_t flag : {0, int32_t(kFlagPadding)}) {
        RgbdMesh both = front;
        const RgbdMesh back = camera_quad(2.0f, -1.0f, false, flag);
        for (const auto& f : back.faces) both.faces.push_back(f + glm::ivec3(4));
        both.positions.insert(both.positions.end(), back.positions.begin(), back.positions.end());
        both.uvs.insert(both.uvs.end(), back.uvs.begin(), back.uvs.end());
        both.normals.insert(both.normals.end(), back.normals.begin(), back.normals.end());
        both.flags.insert(both.flags.end(), back.flags.begin(), back.flags.end());
        const auto res = renderer.render({both}, {solid_texture(0.25f, 0.5f, 0.75f)}, view);
        if (flag == 0) {
            CHECK(res.mask_depth.data[0] == 0.0f);
            CHECK(res.mask_color.data[0] == 0.0f);
        } else {
            CHECK(res.mask_color.data[0] == 1.0f);
            CHECK(res.depth.data[0] == doctest::Approx(3.0f).epsilon(1e-4));
        }
    }
    // Nothing drawn: colour 0, depth reads exactly near, masks 0.
    const auto empty = renderer.render({}, {}, view);
    CHECK(empty.color.data[0] == 0.0f);
    CHECK(empty.depth.data[0] == doctest::Approx(0.01f));
    CHECK(empty.mask_depth.data[0] == 0.0f);
}

TEST_CASE("rasteriser and renderers reject bad input with a message") {
    using ivid::test::contains;
    using ivid::test::message_of;
    CHECK(contains(message_of([] { Rasterizer(0, 4); }), "size must be positive"));
    Rasterizer r(4, 4);
    CountingShader s(16);
    std::vector<RasterVertex> v(3);
    CHECK(contains(message_of([&] { r.draw(v, {{0, 1, 3}}, 0, s); }), "vertex index 3"));
    CHECK(contains(message_of([&] { r.draw(v, {{0, 1, 2}}, kMaxVaryings + 1, s); }), "varying count"));

    const SimpleRenderer simple({8, 0.1f, 200.0f});
    RgbdMesh quad = camera_quad(1.0f, -2.0f, true);
    quad.uvs.pop_back();
    CHECK(contains(message_of([&] { simple.render(quad, solid_texture(0, 0, 0), glm::mat4(1.0f)); }), "uvs"));
    CHECK(contains(message_of([&] { simple.render(camera_quad(1.0f, -2.0f, true), Image(2, 2, 1), glm::mat4(1.0f)); }),
                   "texture"));
    CHECK(contains(message_of([] { SimpleRenderer({8, 0.0f, 200.0f}); }), "near"));

    const AggregationRenderer agg({8, 0.01f, 200.0f});
    RgbdMesh no_normals = camera_quad(1.0f, -2.0f, true);
    no_normals.normals.clear();
    CHECK(contains(message_of([&] { agg.render({no_normals}, {solid_texture(0, 0, 0)}, glm::mat4(1.0f)); }), "normals"));
    CHECK(contains(message_of([&] { agg.render({no_normals}, {}, glm::mat4(1.0f)); }), "colors"));
}

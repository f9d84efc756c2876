// aggregate_conditions and the render.py fusion frame: a view aggregated into itself returns
// its own depth and colour, duplicating a mesh changes nothing, bad input is rejected.
#include <doctest/doctest.h>

#include <cmath>

#include "core/geometry/camera.hpp"
#include "core/geometry/rgbd_mesh.hpp"
#include "core/raster/aggregate.hpp"
#include "tests/raster_scenes.hpp"
#include "tests/test_support.hpp"

using namespace ivid;
using ivid::test::contains;
using ivid::test::message_of;

namespace {

struct SourceView {
    RgbdMesh mesh;
    Image color;
    Image rgbd;
};

// The front view of the 3x9 viewset meshed as sample.py does (frustum padding, flags, normals).
SourceView front_view(int n, const AggregateSettings& s) {
    SourceView v;
    v.rgbd = test::smooth_rgbd(n, s.near, s.far);
    MeshOptions options;
    options.padding = PaddingMode::Frustum;
    options.atol = s.atol;
    options.rtol = s.rtol;
    options.erode_rgb = s.erode_rgb;
    options.normals = true;
    v.mesh = depth_to_mesh(linear_from_zbuffer(select_channels(v.rgbd, 3, 1), s.near, s.far), options,
                           orbit_modelview(OrbitPose{}));
    v.color = select_channels(v.rgbd, 0, 3);
    return v;
}

}  // namespace

TEST_CASE("a view aggregated into its own camera returns its depth and colour") {
    const int n = 24;
    const AggregateSettings s;
    const SourceView v = front_view(n, s);
    const AggregateConditions a = aggregate_conditions({v.mesh}, {v.color}, v.mesh.modelview, s);
    int masked = 0;
    double depth_max = 0, color_sum = 0;
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            if (a.mask.at(r, c) < 0.5f) continue;
            ++masked;
            depth_max = std::max(depth_max, double(std::fabs(a.depth.at(r, c) - v.rgbd.at(r, c, 3))));
            CHECK(a.depth_convex.at(r, c) == a.depth.at(r, c));
            if (a.mask_rgb.at(r, c) > 0.5f)
                for (int ch = 0; ch < 3; ++ch) color_sum += std::fabs(a.color.at(r, c, ch) - v.rgbd.at(r, c, ch));
        }
    CHECK(masked >= (n - 3) * (n - 3));
    CHECK(depth_max < 1e-4);
    CHECK(color_sum / (3 * masked) < 0.01);
    // mask_rgb is the mask eroded by 2*erode_rgb - 1 = 5: two pixels in from the mask border.
    CHECK(a.mask_rgb.at(n / 2, n / 2) == 1.0f);
    CHECK(a.mask_rgb.at(n / 2, 2) == 0.0f);
    CHECK(a.raw.color.width == s.ssaa * n);
}

TEST_CASE("aggregating the same mesh twice equals aggregating it once") {
    const int n = 16;
    const AggregateSettings s;
    const SourceView v = front_view(n, s);
    const glm::mat4 target = orbit_modelview(OrbitPose{0.15f, 0.15f});
    const AggregateConditions once = aggregate_conditions({v.mesh}, {v.color}, target, s);
    const AggregateConditions twice = aggregate_conditions({v.mesh, v.mesh}, {v.color, v.color}, target, s);
    CHECK(once.mask.data == twice.mask.data);
    CHECK(once.mask_rgb.data == twice.mask_rgb.data);
    for (size_t i = 0; i < once.raw.depth.data.size(); ++i)
        REQUIRE(twice.raw.depth.data[i] == doctest::Approx(once.raw.depth.data[i]).epsilon(1e-5));
    for (size_t i = 0; i < once.raw.color.data.size(); ++i)
        REQUIRE(twice.raw.color.data[i] == doctest::Approx(once.raw.color.data[i]).epsilon(1e-5));
}

TEST_CASE("the fusion frame of a single view from its own camera reproduces it") {
    const int n = 16;
    const AggregateSettings mesh_settings;
    const SourceView v = front_view(n, mesh_settings);
    const FusionSettings s;
    const FusionFrame f = render_fusion_frame({v.mesh}, {v.color}, v.mesh.modelview, s);
    REQUIRE(f.frame.width == n);
    REQUIRE(f.raw.color.width == s.ssaa * n);
    // Away from the eroded border the depth video is the input depth re-encoded with 0.5/100.
    for (int r = 4; r < n - 4; ++r)
        for (int c = 4; c < n - 4; ++c) {
            const float linear = linear_from_zbuffer(v.rgbd.at(r, c, 3), mesh_settings.near, mesh_settings.far);
            CHECK(f.depth_video.at(r, c) == doctest::Approx(zbuffer_from_linear(linear, s.video_near, s.video_far)).epsilon(1e-4));
            CHECK(std::abs(int(f.frame.at(r, c, 0)) - int(v.color.at(r, c, 0) * 255)) <= 3);
        }
}

TEST_CASE("aggregate_conditions and render_fusion_frame reject bad input") {
    const AggregateSettings s;
    const SourceView v = front_view(8, s);
    const glm::mat4 view = v.mesh.modelview;
    CHECK(contains(message_of([&] { aggregate_conditions({}, {}, view, s); }), "empty list"));
    CHECK(contains(message_of([&] { render_fusion_frame({}, {}, view, {}); }), "empty list"));
    CHECK(contains(message_of([&] { aggregate_conditions({v.mesh, v.mesh}, {v.color}, view, s); }), "one per mesh"));
    CHECK(contains(message_of([&] { aggregate_conditions({v.mesh, v.mesh}, {v.color, Image(4, 4, 3)}, view, s); }),
                   "colors[1]"));
    AggregateSettings bad = s;
    bad.erode_rgb = 0;
    CHECK(contains(message_of([&] { aggregate_conditions({v.mesh}, {v.color}, view, bad); }), "erode_rgb"));
    RgbdMesh no_normals = v.mesh;
    no_normals.normals.clear();
    CHECK(contains(message_of([&] { aggregate_conditions({no_normals}, {v.color}, view, s); }), "normals"));
}

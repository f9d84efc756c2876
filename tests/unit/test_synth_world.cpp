// The synthetic ground-truth world: analytic shapes, exact depth, determinism, depth range.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>

#include "core/geometry/camera.hpp"
#include "core/scene/synth_render.hpp"
#include "core/scene/synth_world.hpp"
#include "tests/test_support.hpp"

using namespace ivid;
using namespace ivid::synth;

namespace {

// World point of pixel (r, c) with linear depth z, by the README's camera model (float64).
glm::dvec3 unproject(const glm::mat4& modelview, int size, float fov_deg, int r, int c, float z) {
    double f = 0.5 / std::tan(double(fov_deg) * 3.14159265358979323846 / 360.0);
    double u = (c + 0.5) / size, v = (r + 0.5) / size;
    glm::dvec4 cam((u - 0.5) / f * z, (0.5 - v) / f * z, -double(z), 1.0);
    return glm::dvec3(glm::inverse(glm::dmat4(modelview)) * cam);
}

double mean_abs_difference(const ImageU8& a, const ImageU8& b) {
    double sum = 0.0;
    for (size_t i = 0; i < a.data.size(); ++i) sum += std::abs(int(a.data[i]) - int(b.data[i]));
    return sum / double(a.data.size());
}

}  // namespace

TEST_CASE("analytic solids: entry distances and normals match closed forms") {
    Ray ray{{0.0, 0.1, 5.0}, {0.0, 0.0, -1.0}};
    double t;
    glm::dvec3 n;
    // Box of half extents 0.5 rotated by 90 degrees: front face at z = 0.5.
    REQUIRE(make_box({0, 0, 0}, {0.5, 0.5, 0.5}, 1.5707963267948966, 0).intersect(ray, 0.0, 100.0, t, n));
    CHECK(t == doctest::Approx(4.5).epsilon(1e-12));
    CHECK(n.z == doctest::Approx(1.0).epsilon(1e-12));
    // Ellipsoid with radii (1, 2, 0.5): the ray at height 0.1 enters at z = 0.5 sqrt(1 - 0.0025).
    REQUIRE(make_ellipsoid({0, 0, 0}, {1, 2, 0.5}, 0).intersect(ray, 0.0, 100.0, t, n));
    CHECK(t == doctest::Approx(5.0 - 0.5 * std::sqrt(1.0 - 0.0025)).epsilon(1e-12));
    // Cone of base radius 1, height 2 on the origin: radius at y = 0.1 is 0.95.
    REQUIRE(make_cone({0, 0, 0}, 1.0, 2.0, 0).intersect(ray, 0.0, 100.0, t, n));
    CHECK(t == doctest::Approx(5.0 - 0.95).epsilon(1e-12));
    CHECK(n.y == doctest::Approx(0.5 / std::sqrt(1.25)).epsilon(1e-9));  // slope 1/2
    // From above, straight down onto the cone: it hits the apex region at the right height.
    Ray down{{0.2, 5.0, 0.0}, {0.0, -1.0, 0.0}};
    REQUIRE(make_cone({0, 0, 0}, 1.0, 2.0, 0).intersect(down, 0.0, 100.0, t, n));
    CHECK(t == doctest::Approx(5.0 - 1.6).epsilon(1e-12));
    // A cut ellipsoid (mushroom cap) is entered through its flat underside from below.
    Ray up{{0.1, -5.0, 0.0}, {0.0, 1.0, 0.0}};
    REQUIRE(make_cut_ellipsoid({0, 0, 0}, {1, 1, 1}, 0.25, 0).intersect(up, 0.0, 100.0, t, n));
    CHECK(t == doctest::Approx(5.25).epsilon(1e-12));
    CHECK(n.y == doctest::Approx(-1.0));
    // Misses: a ray beside the cylinder, and a hit beyond tmax.
    CHECK_FALSE(make_cylinder({2, 0, 0}, 0.5, 1.0, 0).intersect(ray, 0.0, 100.0, t, n));
    CHECK_FALSE(make_box({0, 0, 0}, {0.5, 0.5, 0.5}, 0.0, 0).intersect(ray, 0.0, 4.0, t, n));
    // Residuals vanish on the surfaces and are signed.
    Solid roof = make_roof({0, 0, 0}, {1.0, 0.0, 0.5}, 0.5, 0.0, 0);
    CHECK(std::fabs(roof.residual({0.0, 0.25, 0.25})) < 1e-12);  // halfway up a slope
    CHECK(roof.residual({0.0, 0.1, 0.0}) < 0.0);
    CHECK(roof.residual({0.0, 0.6, 0.0}) > 0.0);
}

TEST_CASE("a world is a pure function of its seed; different seeds differ") {
    SynthWorld a = make_synth_world(11), b = make_synth_world(11), c = make_synth_world(12);
    CHECK(a.describe() == b.describe());
    CHECK(a.solids.size() == b.solids.size());
    CHECK(a.describe() != c.describe());
    glm::mat4 mv = orbit_modelview(OrbitPose{0.15f, 0.15f});
    SynthImage x = render_synth_view(a, mv, 32, 45.0f, 4, 99), y = render_synth_view(b, mv, 32, 45.0f, 4, 99);
    CHECK(x.color.data == y.color.data);
    CHECK(std::memcmp(x.depth.data.data(), y.depth.data.data(), x.depth.data.size() * 4) == 0);
    SynthImage z = render_synth_view(c, mv, 32, 45.0f, 4, 99);
    CHECK(mean_abs_difference(x.color, z.color) > 10.0);
}

TEST_CASE("depth is exact: every pixel unprojects onto a surface of the world") {
    for (uint64_t seed : {3u, 4u, 8u}) {
        SynthWorld world = make_synth_world(seed);
        for (const OrbitPose& pose : {OrbitPose{0.0f, 0.0f}, OrbitPose{-0.6f, -0.15f}, OrbitPose{0.45f, 0.15f}}) {
            glm::mat4 mv = orbit_modelview(pose);
            const int n = 40;
            SynthImage img = render_synth_view(world, mv, n, 45.0f, 1, 0);
            double worst = 0.0;
            for (int r = 0; r < n; ++r)
                for (int c = 0; c < n; ++c)
                    worst = std::max(worst, world.surface_residual(unproject(mv, n, 45.0f, r, c, img.depth.at(r, c))));
            INFO("seed " << seed << " yaw " << pose.yaw);
            CHECK(worst < 1e-4);
            // The pixel onto which the subject's largest solid projects sees the subject (solids
            // contain their bounding centre); the bottom left pixel sees the terrain.
            size_t largest = 0;
            for (size_t i = 0; i < world.subject_solids; ++i)
                if (world.solids[i].bound_radius > world.solids[largest].bound_radius) largest = i;
            glm::dvec4 clip = glm::dmat4(perspective(45.0f, 1.0f, 0.1f, 10.0f)) * glm::dmat4(mv) *
                              glm::dvec4(world.solids[largest].bound_centre, 1.0);
            int pc = int((clip.x / clip.w * 0.5 + 0.5) * n), pr = int((0.5 - clip.y / clip.w * 0.5) * n);
            REQUIRE((pr >= 0 && pr < n && pc >= 0 && pc < n));
            glm::dvec3 on_subject = unproject(mv, n, 45.0f, pr, pc, img.depth.at(pr, pc));
            double subject = 1e9;
            for (size_t i = 0; i < world.subject_solids; ++i)
                subject = std::min(subject, std::fabs(world.solids[i].residual(on_subject)));
            CHECK(subject < 1e-4);
            glm::dvec3 ground = unproject(mv, n, 45.0f, n - 1, 0, img.depth.at(n - 1, 0));
            CHECK(std::fabs(ground.y - world.terrain_height(ground.x, ground.z)) < 1e-4);
        }
    }
}

TEST_CASE("all depths lie in [near, far] for the 3x9 and random viewsets") {
    for (uint64_t seed : {1u, 2u, 5u, 6u, 7u}) {
        SynthSettings s;
        s.seed = seed;
        s.image_size = 24;
        s.samples_per_pixel = 1;
        s.poses = viewset_3x9();
        for (const OrbitPose& p : viewset_random(12, seed))
            if (std::fabs(p.pitch) <= 0.3f) s.poses.push_back(p);
        Scene scene = render_synthetic_scene(s);
        float lo = 1e9f, hi = -1e9f;
        for (const View& v : scene.views)
            for (float z : v.depth.data) lo = std::min(lo, z), hi = std::max(hi, z);
        INFO("seed " << seed);
        CHECK(lo >= 0.6f);
        CHECK(hi < 5.0f);
    }
}

TEST_CASE("scene: provenance, same pose gives the same depth, bad settings are refused") {
    SynthSettings s;
    s.seed = 21;
    s.image_size = 32;
    s.poses = {OrbitPose{0.3f, 0.0f}, OrbitPose{-0.3f, 0.15f}, OrbitPose{0.3f, 0.0f}};
    int done = 0;
    Scene scene = render_synthetic_scene(s, [&] { ++done; });
    CHECK(done == 3);
    CHECK(scene.provenance.ground_truth);
    CHECK(scene.provenance.generator == "ivid synth");
    CHECK(scene.provenance.seed == 21u);
    CHECK(scene.provenance.extra["subject"].is_string());
    CHECK(scene.views[1].modelview == orbit_modelview(s.poses[1]));
    // Views 0 and 2 share the pose: identical depth, colour equal up to anti-aliasing jitter.
    CHECK(scene.views[0].depth.data == scene.views[2].depth.data);
    CHECK(mean_abs_difference(scene.views[0].color, scene.views[2].color) < 5.0);
    CHECK(mean_abs_difference(scene.views[0].color, scene.views[1].color) > 10.0);

    s.poses = {OrbitPose{0.0f, 0.5f}};
    CHECK(test::contains(test::message_of([&] { render_synthetic_scene(s); }), "pose 0 pitch"));
    s.poses.clear();
    CHECK(test::contains(test::message_of([&] { render_synthetic_scene(s); }), "poses"));
}

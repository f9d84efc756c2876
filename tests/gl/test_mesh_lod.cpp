// Mesh levels of detail (scene_gpu.hpp's mesh_indices, FusionRenderSettings::mesh_lod): the
// coarse sub-grid on analytic depth maps (triangle counts, sub-grid vertices only, full coverage,
// full detail kept around discontinuities), the depth-aware frame at a coarse level still
// reproducing a view from its own pose, the setting's JSON and bad input.
#include <doctest/doctest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <set>
#include <string>

#include "core/geometry/camera.hpp"
#include "core/util/error.hpp"
#include "render/fusion_renderer.hpp"
#include "render/headless_context.hpp"
#include "render/scene_gpu.hpp"
#include "tests/gl/synthetic_scene.hpp"
#include "tests/test_support.hpp"

namespace {

using ivid::Image;

constexpr int kGrid = 32;  // vertices per side (no padding)

ivid::RgbdMesh plane_mesh(const Image& depth) {
    return ivid::depth_to_mesh(depth, ivid::viewer_mesh_options(45.0f), std::nullopt);
}

// Sum of the triangles' areas in uv space: the part of the image the mesh covers.
double uv_area(const ivid::RgbdMesh& mesh, const ivid::MeshIndices& indices) {
    double area = 0.0;
    for (size_t i = 0; i < indices.indices.size(); i += 3) {
        const glm::dvec2 a = mesh.uvs[indices.indices[i]], b = mesh.uvs[indices.indices[i + 1]],
                         c = mesh.uvs[indices.indices[i + 2]];
        area += 0.5 * std::fabs((b.x - a.x) * (c.y - a.y) - (c.x - a.x) * (b.y - a.y));
    }
    return area;
}

}  // namespace

TEST_CASE("coarse levels of a smooth depth map: K x K blocks of two triangles over sub-grid vertices") {
    const ivid::RgbdMesh mesh = plane_mesh(Image(kGrid, kGrid, 1, 2.0f));
    const ivid::MeshIndices full = ivid::mesh_indices(mesh);
    CHECK(full.indices.size() == 3 * mesh.faces.size());
    const double full_area = uv_area(mesh, full);
    CHECK(full_area == doctest::Approx(std::pow(double(kGrid - 1) / kGrid, 2)).epsilon(1e-6));
    for (const int lod : {2, 4}) {
        const ivid::MeshIndices coarse = ivid::mesh_indices(mesh, lod);
        // 31 cells per side: 31 / K whole blocks and one narrower block at the far border.
        const size_t blocks = size_t((kGrid - 1) / lod + 1);
        CHECK(coarse.indices.size() == 3 * 2 * blocks * blocks);
        CHECK(coarse.occluder_count == GLsizei(coarse.indices.size()));  // a flat plane occludes
        for (const GLuint v : coarse.indices) {
            const int r = int(v) / kGrid, c = int(v) % kGrid;
            CHECK(((r % lod == 0 || r == kGrid - 1) && (c % lod == 0 || c == kGrid - 1)));
        }
        CHECK(uv_area(mesh, coarse) == doctest::Approx(full_area).epsilon(1e-6));
    }
}

TEST_CASE("coarse levels keep full detail in blocks with a discontinuity, and still cover the grid") {
    // A depth step between columns 9 and 10 (1 -> 3: over atol and rtol) flags both columns.
    Image depth(kGrid, kGrid, 1, 1.0f);
    for (int r = 0; r < kGrid; ++r)
        for (int c = 10; c < kGrid; ++c) depth.at(r, c) = 3.0f;
    const ivid::RgbdMesh mesh = plane_mesh(depth);
    REQUIRE((mesh.flags[9] & ivid::kFlagDiscontinuity) != 0);
    REQUIRE((mesh.flags[10] & ivid::kFlagDiscontinuity) != 0);
    const ivid::MeshIndices full = ivid::mesh_indices(mesh);
    const ivid::MeshIndices coarse = ivid::mesh_indices(mesh, 4);
    std::set<std::array<GLuint, 3>> coarse_faces;
    for (size_t i = 0; i < coarse.indices.size(); i += 3)
        coarse_faces.insert({coarse.indices[i], coarse.indices[i + 1], coarse.indices[i + 2]});
    // Columns 9 and 10 lie in the blocks of columns 8..12: every full face there is kept as is.
    size_t kept = 0;
    for (const glm::ivec3& f : mesh.faces) {
        const int c = std::min({f.x % kGrid, f.y % kGrid, f.z % kGrid});
        if (c < 8 || c >= 12) continue;
        CHECK(coarse_faces.count({GLuint(f.x), GLuint(f.y), GLuint(f.z)}) == 1);
        ++kept;
    }
    CHECK(kept == size_t(2 * 4 * (kGrid - 1)));
    CHECK(coarse.indices.size() < full.indices.size() / 2);
    CHECK(uv_area(mesh, coarse) == doctest::Approx(uv_area(mesh, full)).epsilon(1e-6));
    // The step's faces are no occluders at any level.
    CHECK(coarse.occluder_count < coarse.solid_count);
}

TEST_CASE("depth-aware mode at a coarse level still reproduces a view from its own pose") {
    static const ivid::HeadlessContext context;
    const ivid::Scene scene = ivid::test::make_synthetic_scene(64);
    ivid::FusionRenderer renderer;
    renderer.set_scene(scene);
    ivid::FusionRenderSettings settings;
    const auto mae_on_pose = [&](int lod, int v) {
        settings.mesh_lod = lod;
        renderer.render(scene.views[size_t(v)].modelview, scene.image_size, scene.image_size, settings);
        const Image color = renderer.read_color(), mask = renderer.read_mask_color();
        const Image reference = ivid::from_u8(scene.views[size_t(v)].color);
        double error = 0.0;
        size_t covered = 0;
        for (size_t p = 0; p < mask.pixel_count(); ++p) {
            if (mask.data[p] < 0.5f) continue;
            ++covered;
            for (int c = 0; c < 3; ++c) error += std::fabs(color.data[3 * p + c] - reference.data[3 * p + c]);
        }
        CHECK(double(covered) / double(mask.pixel_count()) >= 0.9);
        return error / (3.0 * double(covered));
    };
    for (int v = 0; v < int(scene.views.size()); ++v) {
        const double full = mae_on_pose(1, v), lod2 = mae_on_pose(2, v), lod4 = mae_on_pose(4, v);
        MESSAGE("view " << v << ": colour MAE on its pose, lod 1 " << full << ", lod 2 " << lod2 << ", lod 4 "
                        << lod4);
        CHECK(full <= 1.0 / 255.0);
        // Measured (64 x 64 synthetic scene): lod 2 <= 0.00066, lod 4 <= 0.0016.
        CHECK(lod2 <= 2.0 / 255.0);
        CHECK(lod4 <= 2.0 / 255.0);
    }
}

TEST_CASE("mesh_lod: JSON round trip, default 1, errors naming the key") {
    ivid::FusionRenderSettings s;
    CHECK(s.mesh_lod == 1);
    s.mesh_lod = 4;
    CHECK(nlohmann::json(s).get<ivid::FusionRenderSettings>().mesh_lod == 4);
    CHECK(nlohmann::json::object().get<ivid::FusionRenderSettings>().mesh_lod == 1);
    const auto error_for = [](const nlohmann::json& bad) {
        return ivid::test::message_of([&] { (void)bad.get<ivid::FusionRenderSettings>(); });
    };
    CHECK(error_for({{"mesh_lod", 3}}).find("mesh_lod: expected 1, 2 or 4, found 3") != std::string::npos);
    CHECK(error_for({{"mesh_lod", 0}}).find("mesh_lod: expected 1, 2 or 4, found 0") != std::string::npos);
    CHECK(error_for({{"mesh_lod", "2"}}).find("mesh_lod: expected an integer") != std::string::npos);
    const ivid::RgbdMesh mesh = plane_mesh(Image(4, 4, 1, 1.0f));
    for (const int bad : {0, 3}) {
        const std::string message = ivid::test::message_of([&] { (void)ivid::mesh_indices(mesh, bad); });
        CHECK(message.find("lod: expected a power of two, found " + std::to_string(bad)) != std::string::npos);
    }
}

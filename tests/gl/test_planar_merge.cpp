// The merged planar level (render/planar_merged_faces, FusionRenderSettings::merge_planar):
// on analytic depth maps it covers the grid exactly once with no T-junction (every interior edge
// shared by two triangles), keeps the mesh's winding, merges a plane into few triangles, keeps
// curved and discontinuous parts within its tolerance or at full detail; the depth-aware frame
// drawn with it matches the full mesh's; the setting's JSON and bad input.
#include <doctest/doctest.h>

#include <cmath>
#include <map>
#include <string>
#include <utility>

#include <glm/gtc/matrix_transform.hpp>

#include "core/util/error.hpp"
#include "render/fusion_renderer.hpp"
#include "render/headless_context.hpp"
#include "render/planar_merged_faces.hpp"
#include "render/scene_gpu.hpp"
#include "tests/gl/synthetic_scene.hpp"

namespace {

using ivid::Image;

constexpr int kSize = 64;

ivid::RgbdMesh mesh_of(const Image& depth) {
    // The fusion renderer's meshing: padding ring, erosion, normals.
    return ivid::depth_to_mesh(depth, ivid::load_scene_mesh_options(45.0f, {0.03f, 0.03f, 3}), std::nullopt);
}

// A tilted plane seen by the camera: inverse depth affine in the pixel coordinates.
Image plane_depth() {
    Image depth(kSize, kSize, 1);
    for (int r = 0; r < kSize; ++r)
        for (int c = 0; c < kSize; ++c) depth.at(r, c) = float(1.0 / (0.5 + 0.004 * c + 0.002 * r));
    return depth;
}

double signed_area(const ivid::RgbdMesh& mesh, const glm::ivec3& f) {
    const auto at = [&](int v) { return glm::dvec2(v % mesh.grid_width, v / mesh.grid_width); };
    const glm::dvec2 a = at(f.x), e1 = at(f.y) - a, e2 = at(f.z) - a;
    return 0.5 * (e1.x * e2.y - e1.y * e2.x);
}

// Checks the faces tile the grid: the same total area in grid units, all wound as the mesh's own
// faces, and every edge inside the grid used once in each direction (watertight, no T-junction).
void check_tiles_grid(const ivid::RgbdMesh& mesh, const std::vector<glm::ivec3>& faces) {
    const bool positive = signed_area(mesh, mesh.faces[0]) > 0.0;
    double area = 0.0;
    std::map<std::pair<int, int>, int> directed;
    for (const glm::ivec3& f : faces) {
        const double a = signed_area(mesh, f);
        CHECK((a > 0.0) == positive);
        area += std::fabs(a);
        for (int k = 0; k < 3; ++k) ++directed[{f[k], f[(k + 1) % 3]}];
    }
    const int cells = (mesh.grid_width - 1) * (mesh.grid_height - 1);
    CHECK(area == doctest::Approx(double(cells)));
    const auto on_border = [&](int v) {
        const int r = v / mesh.grid_width, c = v % mesh.grid_width;
        return r == 0 || c == 0 || r == mesh.grid_height - 1 || c == mesh.grid_width - 1;
    };
    int unmatched = 0;
    for (const auto& [edge, count] : directed) {
        CHECK(count == 1);
        const bool border_edge = on_border(edge.first) && on_border(edge.second);
        if (!border_edge && !directed.count({edge.second, edge.first})) ++unmatched;
    }
    CHECK(unmatched == 0);
}

}  // namespace

TEST_CASE("planar merge: a tilted plane becomes few triangles that tile the grid without cracks") {
    const ivid::RgbdMesh mesh = mesh_of(plane_depth());
    REQUIRE(mesh.faces.size() == size_t(2 * (kSize + 1) * (kSize + 1)));
    const std::vector<glm::ivec3> merged = ivid::planar_merged_faces(mesh, 0.002f, 0.05f);
    check_tiles_grid(mesh, merged);
    MESSAGE("plane: " << merged.size() << " of " << mesh.faces.size() << " faces");
    // 63 interior cells a side: three 16-blocks and smaller ones to the padding ring, which stays
    // at full detail (its flags differ): far fewer than the full mesh's faces.
    CHECK(merged.size() < mesh.faces.size() / 5);
}

TEST_CASE("planar merge: a sphere merges only within the tolerance; a depth step stays at full detail") {
    // The inside of a sphere of radius 4 around the camera: depth = 4 cos(angle off the axis).
    Image dome(kSize, kSize, 1);
    const double focal = 0.5 * kSize / std::tan(0.5 * 45.0 * 3.14159265358979 / 180.0);
    for (int r = 0; r < kSize; ++r)
        for (int c = 0; c < kSize; ++c) {
            const double x = (c + 0.5 - 0.5 * kSize) / focal, y = (r + 0.5 - 0.5 * kSize) / focal;
            dome.at(r, c) = float(4.0 / std::sqrt(1.0 + x * x + y * y));
        }
    const ivid::RgbdMesh sphere = mesh_of(dome);
    const std::vector<glm::ivec3> loose = ivid::planar_merged_faces(sphere, 0.05f, 1.0f);
    const std::vector<glm::ivec3> tight = ivid::planar_merged_faces(sphere, 1e-5f, 1.0f);
    check_tiles_grid(sphere, loose);
    check_tiles_grid(sphere, tight);
    CHECK(loose.size() < sphere.faces.size() / 5);
    CHECK(tight.size() > sphere.faces.size() * 9 / 10);
    // The normals' bound alone keeps curved blocks apart too.
    CHECK(ivid::planar_merged_faces(sphere, 0.05f, 1e-4f).size() > sphere.faces.size() * 9 / 10);

    // A step (1 -> 3 at column 40): flagged vertices never share a merged triangle with others.
    Image step = plane_depth();
    for (int r = 0; r < kSize; ++r)
        for (int c = 40; c < kSize; ++c) step.at(r, c) *= 3.0f;
    const ivid::RgbdMesh stepped = mesh_of(step);
    const std::vector<glm::ivec3> merged = ivid::planar_merged_faces(stepped, 0.002f, 0.05f);
    check_tiles_grid(stepped, merged);
    for (const glm::ivec3& f : merged) {
        const int32_t flags = stepped.flags[size_t(f.x)];
        const bool cell = std::abs(f.x % stepped.grid_width - f.y % stepped.grid_width) <= 1 &&
                          std::abs(f.x / stepped.grid_width - f.y / stepped.grid_width) <= 1 &&
                          std::abs(f.x % stepped.grid_width - f.z % stepped.grid_width) <= 1 &&
                          std::abs(f.x / stepped.grid_width - f.z / stepped.grid_width) <= 1;
        if (!cell) CHECK((stepped.flags[size_t(f.y)] == flags && stepped.flags[size_t(f.z)] == flags));
    }
}

TEST_CASE("planar merge: the depth-aware frame matches the full mesh's, on and between the poses") {
    static const ivid::HeadlessContext context;
    const ivid::Scene scene = ivid::test::make_synthetic_scene(64);
    ivid::FusionRenderer renderer;
    renderer.set_scene(scene);
    ivid::FusionRenderSettings settings;
    const auto frame = [&](const glm::mat4& modelview, bool merge) {
        settings.merge_planar = merge;
        renderer.render(modelview, 96, 96, settings);
        return renderer.read_color();
    };
    for (int v = 0; v < int(scene.views.size()); ++v) {
        const glm::mat4 on_pose = scene.views[size_t(v)].modelview;
        // Off the pose: the camera turned 0.15 rad about the orbit's centre (between the views).
        const glm::mat4 between = on_pose * glm::rotate(glm::mat4(1.0f), 0.15f, glm::vec3(0.0f, 1.0f, 0.0f));
        for (const glm::mat4& pose : {on_pose, between}) {
            const Image full = frame(pose, false), merged = frame(pose, true);
            double squared = 0.0;
            for (size_t i = 0; i < full.data.size(); ++i) squared += std::pow(full.data[i] - merged.data[i], 2.0);
            const double psnr = 10.0 * std::log10(double(full.data.size()) / std::max(squared, 1e-20));
            MESSAGE("view " << v << ": merged vs full mesh " << psnr << " dB");
            // Measured: ~155 dB on the poses, 59-65 dB off them (surfaces within 0.2% of the depth).
            CHECK(psnr >= 40.0);
        }
    }
}

TEST_CASE("merge_planar: JSON round trip, default true, errors naming the key") {
    ivid::FusionRenderSettings s;
    CHECK(s.merge_planar);
    s.merge_planar = false;
    CHECK_FALSE(nlohmann::json(s).get<ivid::FusionRenderSettings>().merge_planar);
    CHECK(nlohmann::json::object().get<ivid::FusionRenderSettings>().merge_planar);
    std::string message;
    try {
        (void)nlohmann::json{{"merge_planar", 1}}.get<ivid::FusionRenderSettings>();
    } catch (const ivid::Error& e) {
        message = e.what();
    }
    CHECK(message.find("merge_planar: expected true or false, found 1") != std::string::npos);
}

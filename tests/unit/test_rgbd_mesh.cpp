// depth_to_mesh on analytic inputs: planes (positions, normals, triangle order), a depth step
// (discontinuity and erosion flags), both paddings, the world transform and bad input.
// The IVID fixtures themselves are checked by fixture-check (case "depth_to_mesh").
#include <doctest/doctest.h>

#include <cmath>

#include "core/geometry/camera.hpp"
#include "core/geometry/rgbd_mesh.hpp"
#include "core/util/error.hpp"

using namespace ivid;

namespace {

const double kFocal = 0.5 / std::tan(0.5 * 45.0 * M_PI / 180.0);

// The camera-space point of pixel (r, c) at linear depth z (README camera model).
glm::dvec3 back_project(int r, int c, int n, double z) {
    const double u = (c + 0.5) / n, v = (r + 0.5) / n;
    return {(u - 0.5) / kFocal * z, (0.5 - v) / kFocal * z, -z};
}

Image constant_depth(int n, float z) { return Image(n, n, 1, z); }

// Depth of the plane dot(normal, p) = offset seen through pixel (r, c).
Image plane_depth(int n, const glm::dvec3& normal, double offset) {
    Image depth(n, n, 1);
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            const glm::dvec3 ray = back_project(r, c, n, 1.0);
            depth.at(r, c) = float(offset / glm::dot(normal, ray));
        }
    return depth;
}

double max_distance(const std::vector<glm::vec3>& points, const std::vector<glm::dvec3>& expected) {
    REQUIRE(points.size() == expected.size());
    double worst = 0.0;
    for (size_t i = 0; i < points.size(); ++i)
        worst = std::max(worst, glm::length(glm::dvec3(points[i]) - expected[i]));
    return worst;
}

// Signed area of a face projected onto the camera's image plane (x right, y up).
double image_area(const RgbdMesh& mesh, const glm::ivec3& f) {
    auto p = [&](int i) { return glm::dvec2(mesh.positions[i].x / -mesh.positions[i].z,
                                            mesh.positions[i].y / -mesh.positions[i].z); };
    const glm::dvec2 a = p(f.x), b = p(f.y), c = p(f.z);
    return 0.5 * ((b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x));
}

MeshOptions with_tolerances(float atol, float rtol) {
    MeshOptions options;
    options.atol = atol;
    options.rtol = rtol;
    return options;
}

}  // namespace

TEST_CASE("fronto-parallel plane: positions, uvs, +z normals, no flags, tie triangulation") {
    const int n = 8;
    MeshOptions options = with_tolerances(0.03f, 0.03f);
    options.normals = true;
    options.erode_rgb = 2;
    const RgbdMesh mesh = depth_to_mesh(constant_depth(n, 2.0f), options, std::nullopt);
    REQUIRE(mesh.positions.size() == size_t(n * n));
    CHECK(mesh.grid_width == n);
    CHECK(mesh.grid_height == n);
    CHECK(mesh.faces.size() == size_t(2 * (n - 1) * (n - 1)));

    std::vector<glm::dvec3> expected;
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) expected.push_back(back_project(r, c, n, 2.0));
    CHECK(max_distance(mesh.positions, expected) <= 1e-6);
    CHECK(mesh.uvs[1 * n + 3] == glm::vec2(3.5f / n, 1.5f / n));  // u right, v down
    for (const glm::vec3& nrm : mesh.normals) CHECK(glm::length(nrm - glm::vec3(0, 0, 1)) <= 1e-6f);
    for (int32_t flag : mesh.flags) CHECK(flag == 0);

    // Equal diagonals: the tie takes (tr, tl, bl), (bl, br, tr); all faces front facing (CCW).
    CHECK(mesh.faces[0] == glm::ivec3(1, 0, n));
    CHECK(mesh.faces[1] == glm::ivec3(n, n + 1, 1));
    for (const glm::ivec3& f : mesh.faces) CHECK(image_area(mesh, f) > 0.0);
}

TEST_CASE("tilted plane: normals are the plane normal, the shorter diagonal is used") {
    const int n = 16;
    const glm::dvec3 normal = glm::normalize(glm::dvec3(0.4, -0.3, 1.0));  // faces the camera
    MeshOptions options;
    options.normals = true;
    const RgbdMesh mesh = depth_to_mesh(plane_depth(n, normal, -1.5), options, std::nullopt);
    double worst = 0.0;
    for (const glm::vec3& nrm : mesh.normals) worst = std::max(worst, glm::length(glm::dvec3(nrm) - normal));
    CHECK(worst <= 1e-5);
    for (int r = 0; r + 1 < n; ++r)
        for (int c = 0; c + 1 < n; ++c) {
            const int tl = r * n + c, tr = tl + 1, bl = tl + n, br = bl + 1;
            const glm::ivec3 first = mesh.faces[size_t(2) * (r * (n - 1) + c)];
            const bool tl_br_shorter = glm::length(mesh.positions[tl] - mesh.positions[br]) <
                                       glm::length(mesh.positions[tr] - mesh.positions[bl]);
            CHECK(first == (tl_br_shorter ? glm::ivec3(tr, tl, br) : glm::ivec3(tr, tl, bl)));
        }
    for (const glm::ivec3& f : mesh.faces) CHECK(image_area(mesh, f) > 0.0);
}

TEST_CASE("depth step: discontinuity flags on both sides, erosion around them") {
    const int n = 10;
    Image depth(n, n, 1, 1.0f);
    for (int r = 0; r < n; ++r)
        for (int c = 5; c < n; ++c) depth.at(r, c) = 2.0f;  // step between columns 4 and 5

    const RgbdMesh flagged = depth_to_mesh(depth, with_tolerances(0.03f, 0.03f), std::nullopt);
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c)
            CHECK(flagged.flags[r * n + c] == ((c == 4 || c == 5) ? kFlagDiscontinuity : 0));

    // Both tolerances must be exceeded: a depth jump of 1 is below atol = 1.5.
    for (int32_t flag : depth_to_mesh(depth, with_tolerances(1.5f, 0.03f), std::nullopt).flags)
        CHECK(flag == 0);
    // ... and a disparity jump of 0.5 is below rtol = 0.6.
    for (int32_t flag : depth_to_mesh(depth, with_tolerances(0.03f, 0.6f), std::nullopt).flags)
        CHECK(flag == 0);
    // An absent tolerance counts as 0.
    MeshOptions rtol_only;
    rtol_only.rtol = 0.03f;
    CHECK(depth_to_mesh(depth, rtol_only, std::nullopt).flags == flagged.flags);
    // No tolerances at all: no discontinuity test.
    for (int32_t flag : depth_to_mesh(depth, MeshOptions{}, std::nullopt).flags) CHECK(flag == 0);

    // erode_rgb = 2: a 5x5 kernel flags every vertex within 2 columns of a flagged one.
    MeshOptions eroded = with_tolerances(0.03f, 0.03f);
    eroded.erode_rgb = 2;
    const RgbdMesh mesh = depth_to_mesh(depth, eroded, std::nullopt);
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) {
            const int expected = ((c == 4 || c == 5) ? kFlagDiscontinuity : 0) |
                                 ((c >= 2 && c <= 7) ? kFlagEroded : 0);
            CHECK(mesh.flags[r * n + c] == expected);
        }
}

TEST_CASE("numeric padding: ring shifted by p pixels at the border depth") {
    const int n = 6, p = 3, g = n + 2;
    const float z = 1.5f;
    MeshOptions options;
    options.padding = PaddingMode::Pixels;
    options.padding_pixels = p;
    options.normals = true;
    const RgbdMesh mesh = depth_to_mesh(constant_depth(n, z), options, std::nullopt);
    CHECK(mesh.grid_width == g);
    REQUIRE(mesh.positions.size() == size_t(g * g));
    CHECK(mesh.faces.size() == size_t(2 * (g - 1) * (g - 1)));

    const double step = 2.0 * std::tan(0.5 * 45.0 * M_PI / 180.0) / n * p * z;
    std::vector<glm::dvec3> expected;
    for (int r = 0; r < g; ++r)
        for (int c = 0; c < g; ++c) {
            glm::dvec3 q = back_project(std::clamp(r - 1, 0, n - 1), std::clamp(c - 1, 0, n - 1), n, z);
            q.y += (r == 0 ? step : 0.0) - (r == g - 1 ? step : 0.0);
            q.x += (c == g - 1 ? step : 0.0) - (c == 0 ? step : 0.0);
            expected.push_back(q);
        }
    CHECK(max_distance(mesh.positions, expected) <= 1e-6);
    for (int r = 0; r < g; ++r)
        for (int c = 0; c < g; ++c) {
            const bool ring = r == 0 || c == 0 || r == g - 1 || c == g - 1;
            CHECK(mesh.flags[r * g + c] == (ring ? kFlagPadding : 0));
            // The ring repeats the border uv and normal.
            const int inner = std::clamp(r, 1, n) * g + std::clamp(c, 1, n);
            CHECK(mesh.uvs[r * g + c] == mesh.uvs[inner]);
            CHECK(mesh.normals[r * g + c] == mesh.normals[inner]);
        }
}

TEST_CASE("frustum padding: the ring hugs the camera at z = -0.1 just outside the image") {
    const int n = 5, g = n + 2;
    MeshOptions options;
    options.padding = PaddingMode::Frustum;
    const RgbdMesh mesh = depth_to_mesh(constant_depth(n, 3.0f), options, std::nullopt);
    for (int r = 0; r < g; ++r)
        for (int c = 0; c < g; ++c) {
            const glm::vec3 q = mesh.positions[r * g + c];
            if (r == 0 || c == 0 || r == g - 1 || c == g - 1) {
                CHECK(q.z == doctest::Approx(-0.1).epsilon(1e-6));
                // One pixel beyond the border pixel's ray: image coordinates of pixel -1 or n.
                const double u = 0.5 + q.x / -q.z * kFocal, v = 0.5 - q.y / -q.z * kFocal;
                const double col = u * n - 0.5, row = v * n - 0.5;
                CHECK(col == doctest::Approx(std::clamp(c - 1, 0, n - 1) + (c == 0 ? -1 : c == g - 1 ? 1 : 0)));
                CHECK(row == doctest::Approx(std::clamp(r - 1, 0, n - 1) + (r == 0 ? -1 : r == g - 1 ? 1 : 0)));
            } else {
                CHECK(q.z == doctest::Approx(-3.0));
            }
        }
}

TEST_CASE("modelview: positions and normals go to world space") {
    const int n = 12;
    OrbitPose pose;
    pose.yaw = 0.3f;
    pose.pitch = -0.15f;
    pose.radius = 1.2f;
    const glm::mat4 mv = orbit_modelview(pose);
    const glm::dvec3 normal = glm::normalize(glm::dvec3(-0.2, 0.1, 1.0));
    MeshOptions options = with_tolerances(0.03f, 0.03f);
    options.normals = true;
    options.padding = PaddingMode::Frustum;
    options.erode_rgb = 1;
    const Image depth = plane_depth(n, normal, -1.0);
    const RgbdMesh camera = depth_to_mesh(depth, options, std::nullopt);
    const RgbdMesh world = depth_to_mesh(depth, options, mv);
    CHECK(world.modelview == mv);
    CHECK(world.faces == camera.faces);
    CHECK(world.flags == camera.flags);
    double worst_position = 0.0, worst_normal = 0.0;
    for (size_t i = 0; i < world.positions.size(); ++i) {
        const glm::dvec3 back = glm::dvec3(glm::dmat4(mv) * glm::dvec4(world.positions[i], 1.0));
        worst_position = std::max(worst_position, glm::length(back - glm::dvec3(camera.positions[i])));
        const glm::dvec3 rotated = glm::dmat3(mv) * glm::dvec3(world.normals[i]);
        worst_normal = std::max(worst_normal, glm::length(rotated - glm::dvec3(camera.normals[i])));
    }
    CHECK(worst_position <= 1e-5);
    CHECK(worst_normal <= 1e-5);
    // The camera looks at the target: the centre pixel's world point lies on the eye-target line.
    const glm::vec3 eye = orbit_eye(pose);
    const glm::vec3 centre_ray = glm::normalize(world.positions[(n / 2 + 1) * (n + 2) + n / 2 + 1] - eye);
    CHECK(glm::dot(centre_ray, glm::normalize(pose.target - eye)) > 0.99f);
}

TEST_CASE("bad input is refused with a message naming the problem") {
    auto message = [](const Image& depth, const MeshOptions& options) -> std::string {
        try {
            depth_to_mesh(depth, options, std::nullopt);
        } catch (const Error& e) {
            return e.what();
        }
        return "";
    };
    CHECK(message(Image(), MeshOptions{}).find("empty") != std::string::npos);
    CHECK(message(Image(4, 4, 3, 1.0f), MeshOptions{}).find("channels") != std::string::npos);
    CHECK(message(Image(4, 3, 1, 1.0f), MeshOptions{}).find("4x3") != std::string::npos);
    MeshOptions negative;
    negative.erode_rgb = -1;
    CHECK(message(constant_depth(4, 1.0f), negative).find("erode_rgb") != std::string::npos);
    MeshOptions bad_fov;
    bad_fov.fov_deg = 0.0f;
    CHECK(message(constant_depth(4, 1.0f), bad_fov).find("fov") != std::string::npos);
}

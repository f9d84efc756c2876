#include "core/geometry/rgbd_mesh.hpp"

#include <algorithm>
#include <cmath>
#include <string>

#include <opencv2/imgproc.hpp>

#include "core/geometry/quad_split.hpp"
#include "core/util/error.hpp"

namespace ivid {

namespace {

// Camera-space geometry of an N x N image: pixel-centre coordinates in [0, 1] (numpy's
// linspace(0.5/N, 1 - 0.5/N, N), bit for bit, because the shorter-diagonal choice and its tie
// rule depend on exact float64 values) and their offsets on the z = 1 image plane.
struct PixelAxis {
    std::vector<double> centre;  // (i + 0.5) / N as numpy.linspace computes it
    std::vector<double> plane;   // (centre - 0.5) / focal
    double image_plane_size = 0; // 2 tan(fov/2): width of the z = 1 image plane
};

PixelAxis pixel_axis(int n, float fov_deg) {
    PixelAxis axis;
    const double start = 0.5 / n, stop = 1.0 - 0.5 / n;
    const double step = n > 1 ? (stop - start) / (n - 1) : 0.0;
    const double half_tan = std::tan(0.5 * (double(fov_deg) * (3.14159265358979323846 / 180.0)));
    const double focal = 0.5 / half_tan;
    axis.image_plane_size = 2.0 * half_tan;
    axis.centre.resize(n);
    axis.plane.resize(n);
    for (int i = 0; i < n; ++i) {
        axis.centre[i] = (i == n - 1 && n > 1) ? stop : i * step + start;
        axis.plane[i] = (axis.centre[i] - 0.5) / focal;
    }
    return axis;
}

// Back-projection of every pixel (float64 from the float32 depth). Row r uses the plane
// offset of row N-1-r: IVID flips the row order of the point grid so that row 0 is camera +y.
std::vector<glm::dvec3> camera_points(const Image& depth, const PixelAxis& axis) {
    const int n = depth.width;
    std::vector<glm::dvec3> points(depth.pixel_count());
    for (int r = 0; r < n; ++r) {
        const double y = axis.plane[n - 1 - r];
        for (int c = 0; c < n; ++c) {
            const double z = depth.at(r, c);
            points[size_t(r) * n + c] = glm::dvec3(axis.plane[c] * z, y * z, -z);
        }
    }
    return points;
}

// Sobel-style normals of the point grid (edge-replicated): horizontal difference right-left
// and vertical difference up-down, each smoothed 1-2-1 along the other axis; their cross
// product points towards the camera.
std::vector<glm::dvec3> grid_normals(const std::vector<glm::dvec3>& points, int n) {
    auto at = [&](int r, int c) -> const glm::dvec3& {
        return points[size_t(std::clamp(r, 0, n - 1)) * n + std::clamp(c, 0, n - 1)];
    };
    auto dx = [&](int r, int c) { return at(r, c + 1) - at(r, c - 1); };
    auto dy = [&](int r, int c) { return at(r - 1, c) - at(r + 1, c); };
    std::vector<glm::dvec3> normals(points.size());
    for (int r = 0; r < n; ++r) {
        for (int c = 0; c < n; ++c) {
            const glm::dvec3 ex = (dx(r - 1, c) + 2.0 * dx(r, c) + dx(r + 1, c)) / 4.0;
            const glm::dvec3 ey = (dy(r, c - 1) + 2.0 * dy(r, c) + dy(r, c + 1)) / 4.0;
            const glm::dvec3 nrm = glm::cross(ex, ey);
            normals[size_t(r) * n + c] = nrm / std::sqrt(nrm.x * nrm.x + nrm.y * nrm.y + nrm.z * nrm.z);
        }
    }
    return normals;
}

// The (N+2) x (N+2) grid whose ring copies the nearest border value.
template <typename T>
std::vector<T> pad_by_replication(const std::vector<T>& grid, int n) {
    const int g = n + 2;
    std::vector<T> out(size_t(g) * g);
    for (int r = 0; r < g; ++r) {
        const T* src = grid.data() + size_t(std::clamp(r - 1, 0, n - 1)) * n;
        T* dst = out.data() + size_t(r) * g;
        dst[0] = src[0];
        std::copy(src, src + n, dst + 1);
        dst[g - 1] = src[n - 1];
    }
    return out;
}

// Moves the replicated ring outwards by `pixels` pixels at its own depth: top row +y, bottom
// row -y, left column -x, right column +x, in that order (corners get two shifts). The shift
// is a float32 product as in IVID (numpy keeps the depth's float32), added to float64 points.
void shift_ring(std::vector<glm::dvec3>& points, const std::vector<float>& depth, int g,
                double pixels, const PixelAxis& axis, int n) {
    const float per_pixel = float(pixels * axis.image_plane_size / n);
    auto shift = [&](int r, int c) { return double(per_pixel * depth[size_t(r) * g + c]); };
    for (int c = 0; c < g; ++c) points[c].y += shift(0, c);
    for (int c = 0; c < g; ++c) points[size_t(g - 1) * g + c].y -= shift(g - 1, c);
    for (int r = 0; r < g; ++r) points[size_t(r) * g].x -= shift(r, 0);
    for (int r = 0; r < g; ++r) points[size_t(r) * g + g - 1].x += shift(r, g - 1);
}

// 'frustum' padding: after a one-pixel shift every ring vertex slides along its ray to camera
// z = -0.1, rows first, then columns (a corner is rescaled from its already moved position).
void pull_ring_to_camera(std::vector<glm::dvec3>& points, int g) {
    auto pull = [&](size_t i) { points[i] *= -0.1 / points[i].z; };
    for (int c = 0; c < g; ++c) pull(c);
    for (int c = 0; c < g; ++c) pull(size_t(g - 1) * g + c);
    for (int r = 0; r < g; ++r) pull(size_t(r) * g);
    for (int r = 0; r < g; ++r) pull(size_t(r) * g + g - 1);
}

// |a - b| as numpy.linalg.norm evaluates it (squares summed left to right, then sqrt).
double distance(const glm::dvec3& a, const glm::dvec3& b) {
    const glm::dvec3 d = a - b;
    return std::sqrt(d.x * d.x + d.y * d.y + d.z * d.z);
}

// Two triangles per quad, row-major, split by append_quad_split's shorter-diagonal rule.
std::vector<glm::ivec3> triangulate(const std::vector<glm::dvec3>& points, int g) {
    std::vector<glm::ivec3> faces;
    faces.reserve(size_t(2) * (g - 1) * (g - 1));
    for (int r = 0; r + 1 < g; ++r) {
        for (int c = 0; c + 1 < g; ++c) {
            const int tl = r * g + c, tr = tl + 1, bl = tl + g, br = bl + 1;
            append_quad_split(faces, {tl, tr, bl, br}, distance(points[tl], points[br]),
                              distance(points[tr], points[bl]));
        }
    }
    return faces;
}

// Flags the vertices of every triangle whose depth range exceeds atol AND whose disparity
// range exceeds rtol (float32, like IVID's numpy on float32 depth).
void flag_discontinuities(const std::vector<glm::ivec3>& faces, const std::vector<float>& depth,
                          float atol, float rtol, std::vector<int32_t>& flags) {
    for (const glm::ivec3& f : faces) {
        const float a = depth[f.x], b = depth[f.y], c = depth[f.z];
        const float ia = 1.0f / a, ib = 1.0f / b, ic = 1.0f / c;
        const float range = std::max({a, b, c}) - std::min({a, b, c});
        const float inv_range = std::max({ia, ib, ic}) - std::min({ia, ib, ic});
        if (range > atol && inv_range > rtol) {
            flags[f.x] |= kFlagDiscontinuity;
            flags[f.y] |= kFlagDiscontinuity;
            flags[f.z] |= kFlagDiscontinuity;
        }
    }
}

// Flags every vertex within erode_rgb grid steps (square neighbourhood) of a discontinuity:
// OpenCV erosion of the "not discontinuous" mask; outside the grid does not erode.
void flag_eroded(int g, int erode_rgb, std::vector<int32_t>& flags) {
    cv::Mat mask(g, g, CV_8U);
    for (int i = 0; i < g * g; ++i) mask.data[i] = (flags[i] & kFlagDiscontinuity) ? 0 : 1;
    const int side = 2 * erode_rgb + 1;
    cv::erode(mask, mask, cv::Mat::ones(side, side, CV_8U));
    for (int i = 0; i < g * g; ++i)
        if (mask.data[i] == 0) flags[i] |= kFlagEroded;
}

void check_input(const Image& depth, const MeshOptions& options) {
    const std::string what = "depth_to_mesh";
    if (depth.empty()) throw Error::at(what, "depth", "a non-empty depth map", "an empty image");
    if (depth.channels != 1)
        throw Error::at(what, "depth channels", "1", std::to_string(depth.channels));
    if (depth.width != depth.height)
        throw Error::at(what, "depth size", "a square map (IVID's camera model)",
                        std::to_string(depth.width) + "x" + std::to_string(depth.height));
    if (!(options.fov_deg > 0.0f && options.fov_deg < 180.0f))
        throw Error::at(what, "fov", "degrees in (0, 180)", std::to_string(options.fov_deg));
    if (options.padding == PaddingMode::Pixels && options.padding_pixels < 0)
        throw Error::at(what, "padding pixels", "at least 0", std::to_string(options.padding_pixels));
    if (options.erode_rgb < 0)
        throw Error::at(what, "erode_rgb", "at least 0", std::to_string(options.erode_rgb));
}

}  // namespace

RgbdMesh depth_to_mesh(const Image& linear_depth, const MeshOptions& options,
                       const std::optional<glm::mat4>& modelview) {
    check_input(linear_depth, options);
    const int n = linear_depth.width;
    const PixelAxis axis = pixel_axis(n, options.fov_deg);

    std::vector<glm::dvec3> points = camera_points(linear_depth, axis);
    std::vector<glm::dvec3> normals;
    if (options.normals) normals = grid_normals(points, n);
    std::vector<glm::vec2> uvs(points.size());
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c)
            uvs[size_t(r) * n + c] = glm::vec2(float(axis.centre[c]), float(axis.centre[r]));
    std::vector<float> depth = linear_depth.data;

    const bool padded = options.padding != PaddingMode::None;
    const int g = padded ? n + 2 : n;
    std::vector<int32_t> flags(size_t(g) * g, 0);
    if (padded) {
        points = pad_by_replication(points, n);
        uvs = pad_by_replication(uvs, n);
        depth = pad_by_replication(depth, n);
        if (options.normals) normals = pad_by_replication(normals, n);
        const bool frustum = options.padding == PaddingMode::Frustum;
        shift_ring(points, depth, g, frustum ? 1.0 : double(options.padding_pixels), axis, n);
        if (frustum) pull_ring_to_camera(points, g);
        for (int i = 0; i < g; ++i) {
            flags[i] = flags[size_t(g - 1) * g + i] = kFlagPadding;
            flags[size_t(i) * g] = flags[size_t(i) * g + g - 1] = kFlagPadding;
        }
    }

    RgbdMesh mesh;
    mesh.grid_width = mesh.grid_height = g;
    mesh.faces = triangulate(points, g);
    if (options.atol || options.rtol)
        flag_discontinuities(mesh.faces, depth, options.atol.value_or(0.0f),
                             options.rtol.value_or(0.0f), flags);
    if (options.erode_rgb > 0) flag_eroded(g, options.erode_rgb, flags);

    // To world space with GLM's float inverse (as IVID), applied in float64, stored as float.
    const glm::dmat4 to_world(modelview ? glm::inverse(*modelview) : glm::mat4(1.0f));
    const glm::dmat3 rotate(to_world);
    mesh.positions.resize(points.size());
    for (size_t i = 0; i < points.size(); ++i)
        mesh.positions[i] = glm::vec3(to_world * glm::dvec4(points[i], 1.0));
    mesh.normals.resize(normals.size());
    for (size_t i = 0; i < normals.size(); ++i) mesh.normals[i] = glm::vec3(rotate * normals[i]);
    mesh.uvs = std::move(uvs);
    mesh.flags = std::move(flags);
    mesh.modelview = modelview.value_or(glm::mat4(1.0f));
    return mesh;
}

}  // namespace ivid

#include "render/planar_merged_faces.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>

#include "core/geometry/quad_split.hpp"

namespace ivid {
namespace {

struct Block {
    int r0, c0, size;  // top-left vertex, cells a side
};

class PlanarMerge {
public:
    PlanarMerge(const RgbdMesh& mesh, float tolerance, float max_normal_angle)
        : mesh_(mesh), tolerance_(tolerance), min_normal_cos_(std::cos(max_normal_angle)),
          gw_(mesh.grid_width), gh_(mesh.grid_height), inverse_depth_(mesh.positions.size()),
          corner_(mesh.positions.size(), 0) {
        for (size_t i = 0; i < mesh.positions.size(); ++i)
            inverse_depth_[i] = -1.0 / double((mesh.modelview * glm::vec4(mesh.positions[i], 1.0f)).z);
        cover();
        for (const Block& b : merged_) mark_corners(b);
        for (const Block& b : cells_) mark_corners(b);
    }

    std::vector<glm::ivec3> faces() const {
        std::vector<glm::ivec3> out;
        for (const Block& cell : cells_) {
            // depth_to_mesh's triangulation: two faces per cell, row-major.
            const size_t index = size_t(cell.r0) * size_t(gw_ - 1) + size_t(cell.c0);
            out.push_back(mesh_.faces[2 * index]);
            out.push_back(mesh_.faces[2 * index + 1]);
        }
        for (const Block& b : merged_) triangulate(b, out);
        return out;
    }

private:
    const RgbdMesh& mesh_;
    double tolerance_;
    float min_normal_cos_;
    int gw_, gh_;
    std::vector<double> inverse_depth_;
    std::vector<char> corner_;  // 1: a corner of some leaf block or cell
    std::vector<Block> merged_, cells_;

    int vertex(int r, int c) const { return r * gw_ + c; }

    // Tiles the grid: rows and columns of kPlanarMergeMaxBlock cells from vertex 1 (the image's
    // first pixel when there is a padding ring), the rest split down to what fits.
    void cover() {
        const auto starts = [](int cells) {
            std::vector<int> s{0};
            for (int x = 1; x < cells; x += kPlanarMergeMaxBlock) s.push_back(x);
            s.push_back(cells);
            return s;
        };
        const std::vector<int> rows = starts(gh_ - 1), cols = starts(gw_ - 1);
        for (size_t i = 0; i + 1 < rows.size(); ++i)
            for (size_t j = 0; j + 1 < cols.size(); ++j) cover_rect(rows[i], cols[j], rows[i + 1], cols[j + 1]);
    }

    // Cells [r0, r1) x [c0, c1): a square power-of-two block is tried whole, anything else is
    // cut into the largest power-of-two squares that fit.
    void cover_rect(int r0, int c0, int r1, int c1) {
        if (r0 >= r1 || c0 >= c1) return;
        int side = 1;
        while (side * 2 <= std::min(r1 - r0, c1 - c0)) side *= 2;
        if (r1 - r0 == side && c1 - c0 == side) return try_block({r0, c0, side});
        for (int r = r0; r + side <= r1; r += side)
            for (int c = c0; c + side <= c1; c += side) try_block({r, c, side});
        const int rows_done = r0 + (r1 - r0) / side * side, cols_done = c0 + (c1 - c0) / side * side;
        cover_rect(r0, cols_done, rows_done, c1);
        cover_rect(rows_done, c0, r1, c1);
    }

    void try_block(const Block& b) {
        if (b.size == 1) return cells_.push_back(b);
        if (mergeable(b)) return merged_.push_back(b);
        const int h = b.size / 2;
        for (const auto& [dr, dc] : {std::pair{0, 0}, {0, h}, {h, 0}, {h, h}}) try_block({b.r0 + dr, b.c0 + dc, h});
    }

    bool mergeable(const Block& b) const {
        const int32_t flags = mesh_.flags[size_t(vertex(b.r0, b.c0))];
        glm::vec3 normal_sum(0.0f);
        // Least squares of inverse depth q = a + b*c + d*r over the block (centred coordinates).
        double n = 0, sq = 0, scq = 0, srq = 0, scc = 0, srr = 0;
        const double mid = 0.5 * b.size;
        for (int r = 0; r <= b.size; ++r)
            for (int c = 0; c <= b.size; ++c) {
                const size_t i = size_t(vertex(b.r0 + r, b.c0 + c));
                if (mesh_.flags[i] != flags) return false;
                if (!mesh_.normals.empty()) normal_sum += mesh_.normals[i];
                const double x = c - mid, y = r - mid, q = inverse_depth_[i];
                if (!(q > 0.0)) return false;
                n += 1, sq += q, scq += x * q, srq += y * q, scc += x * x, srr += y * y;
            }
        // Centred on a symmetric grid, the normal equations decouple (sum of x*y, x and y are 0).
        const double a = sq / n, slope_c = scq / scc, slope_r = srq / srr;
        const glm::vec3 mean_normal = glm::length(normal_sum) > 0.0f ? glm::normalize(normal_sum) : glm::vec3(0.0f);
        for (int r = 0; r <= b.size; ++r)
            for (int c = 0; c <= b.size; ++c) {
                const size_t i = size_t(vertex(b.r0 + r, b.c0 + c));
                const double fit = a + slope_c * (c - mid) + slope_r * (r - mid);
                // Relative depth error of the plane: |1/fit - 1/q| * q = |q - fit| / fit.
                if (!(std::abs(inverse_depth_[i] - fit) <= tolerance_ * fit)) return false;
                if (!mesh_.normals.empty() && glm::dot(mesh_.normals[i], mean_normal) < min_normal_cos_) return false;
            }
        return true;
    }

    void mark_corners(const Block& b) {
        for (const auto& [dr, dc] : {std::pair{0, 0}, {0, b.size}, {b.size, 0}, {b.size, b.size}})
            corner_[size_t(vertex(b.r0 + dr, b.c0 + dc))] = 1;
    }

    // Twice the signed area of a triangle in grid coordinates (column right, row down).
    double grid_area(const glm::ivec3& f) const {
        const auto at = [&](int v) { return glm::dvec2(v % gw_, v / gw_); };
        const glm::dvec2 a = at(f.x), e1 = at(f.y) - a, e2 = at(f.z) - a;
        return e1.x * e2.y - e1.y * e2.x;
    }

    void triangulate(const Block& b, std::vector<glm::ivec3>& out) const {
        // The block's boundary vertices clockwise on screen from the top-left, those that are corners.
        std::vector<int> ring;
        const int s = b.size;
        for (int k = 0; k < s; ++k) ring.push_back(vertex(b.r0, b.c0 + k));
        for (int k = 0; k < s; ++k) ring.push_back(vertex(b.r0 + k, b.c0 + s));
        for (int k = 0; k < s; ++k) ring.push_back(vertex(b.r0 + s, b.c0 + s - k));
        for (int k = 0; k < s; ++k) ring.push_back(vertex(b.r0 + s - k, b.c0));
        std::vector<int> used;
        for (const int v : ring)
            if (corner_[size_t(v)]) used.push_back(v);
        const int tl = vertex(b.r0, b.c0), tr = vertex(b.r0, b.c0 + s), bl = vertex(b.r0 + s, b.c0),
                  br = vertex(b.r0 + s, b.c0 + s);
        if (used.size() == 4) {
            const std::vector<glm::vec3>& p = mesh_.positions;
            append_quad_split(out, {tl, tr, bl, br}, glm::distance(p[size_t(tl)], p[size_t(br)]),
                              glm::distance(p[size_t(tr)], p[size_t(bl)]));
            return;
        }
        // The mesh's own winding, in grid coordinates.
        const bool reference_positive = grid_area(mesh_.faces[0]) > 0.0;
        const int centre = vertex(b.r0 + s / 2, b.c0 + s / 2);
        for (size_t k = 0; k < used.size(); ++k) {
            glm::ivec3 f(centre, used[k], used[(k + 1) % used.size()]);
            if ((grid_area(f) > 0.0) != reference_positive) std::swap(f.y, f.z);
            out.push_back(f);
        }
    }
};

}  // namespace

std::vector<glm::ivec3> planar_merged_faces(const RgbdMesh& mesh, float tolerance, float max_normal_angle) {
    if (mesh.grid_width < 2 || mesh.grid_height < 2) return {};
    return PlanarMerge(mesh, tolerance, max_normal_angle).faces();
}

}  // namespace ivid

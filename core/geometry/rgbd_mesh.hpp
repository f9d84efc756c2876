// RGBD -> triangle mesh exactly as IVID's rgbd_3d/utils.py depth_to_mesh builds it:
// one vertex per pixel centre (row-major r*W+c), optional padding ring, shorter-diagonal
// triangulation, discontinuity / padding / erosion flag bits, Sobel-style normals.
// See tests/fixtures/ivid-gl/README.md ("Meshing an RGBD image") for every convention.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include <glm/glm.hpp>

#include "core/image/image.hpp"

namespace ivid {

enum VertexFlag : int32_t {
    kFlagDiscontinuity = 1,
    kFlagPadding = 2,
    kFlagEroded = 4,
};

struct RgbdMesh {
    int grid_width = 0;    // vertices per row (W, or W+2 with padding)
    int grid_height = 0;
    std::vector<glm::vec3> positions;  // world space (camera space when no modelview is given)
    std::vector<glm::vec2> uvs;        // u right, v DOWN: ((c+0.5)/W, (r+0.5)/H)
    std::vector<glm::vec3> normals;    // unit, world space; empty unless requested
    std::vector<int32_t> flags;        // sum of VertexFlag bits
    std::vector<glm::ivec3> faces;     // vertex indices
    glm::mat4 modelview{1.0f};         // world->camera of the source view
};

enum class PaddingMode { None, Pixels, Frustum };

struct MeshOptions {
    float fov_deg = 45.0f;
    PaddingMode padding = PaddingMode::None;
    int padding_pixels = 0;              // used when padding == Pixels
    std::optional<float> atol;           // discontinuity tolerances; absent counts as 0
    std::optional<float> rtol;
    int erode_rgb = 0;                   // > 0 adds erosion flags (kernel 2*erode_rgb+1)
    bool normals = false;
};

// linear_depth: H x W x 1 view-space depth (positive). modelview: world->camera; when absent
// the mesh stays in camera space.
RgbdMesh depth_to_mesh(const Image& linear_depth, const MeshOptions& options,
                       const std::optional<glm::mat4>& modelview);

}  // namespace ivid

// FusionRenderer: the real-time free-view renderer of a scene. set_scene() meshes every view once
// as IVID's load_scene does (numeric padding 32, atol = rtol = 0.03, erosion 3, normals) and
// uploads it as a static GPU mesh plus texture; render() draws all views for a camera and blends
// them on the GPU (no per-frame CPU<->GPU image copies) into textures of the requested output
// size, which stay on the GPU for display and can be read back for tests and export.
//
// Blend modes (see fusion_settings.hpp):
//  * Ivid: IVID's AggregationRenderer as render.py builds it (near 0.1, far 200): every mesh in
//    its own depth-tested pass, folded by a compute shader with IVID's weights, low-confidence
//    farthest-surface rule and window-depth averaging (tests/fixtures/ivid-gl/README.md, case 5).
//  * DepthAware: a depth pre-pass of every view's occluder triangles (no discontinuity or
//    padding vertex, no depth step, front faces; see scene_gpu.hpp; from the meshes the frame
//    draws) gives the nearest sure surface. Each view then adds its own front-most samples (its
//    own depth test over its front faces, as IVID's per-mesh passes) that lie in front of that
//    surface pushed back by 3 epsilon, weighted by IVID's normal/erosion terms, a target-view
//    term and a soft depth test (exp(-(r/epsilon)^2)); hidden samples are culled by the view's
//    own depth test before shading and discarded beyond 3 epsilon. Views' colours are sampled
//    bilinearly. Edge and padding samples only fill where nothing confident is. Only
//    settings.max_views views take part, pre-pass included: those that see the frame at the
//    smallest angles (fusion_view_selection.hpp).
//
// Both modes draw the view meshes at settings.mesh_lod; only level 1 (full detail) is IVID's mesh.
// Depth-aware draws level 1 with its planar blocks merged (settings.merge_planar) and, where the
// output has more pixels than the views' detail warrants, renders at that detail and upscales
// (settings.max_detail; stats().render_width/height say at what size).
//
// All output textures hold image row 0 (the TOP of the picture) at t = 0, so ImGui::Image with
// its default uv (0,0)-(1,1) shows them upright and read-backs need no flip.
#pragma once

#include <cstdint>
#include <memory>

#include <glm/glm.hpp>

#include "core/image/image.hpp"
#include "core/scene/scene.hpp"
#include "core/scene/scene_meshing.hpp"
#include "render/fusion_settings.hpp"
#include "render/gl/gl.hpp"

namespace ivid {

// The depth range of the fused frame's GL depth buffer: render.py's AggregationRenderer.
constexpr float kFusionNear = 0.1f;
constexpr float kFusionFar = 200.0f;

// What the last render() drew (for statistics displays and the bench).
struct FusionFrameStats {
    int views_drawn = 0;   // views whose mesh bounds intersect the target frustum (depth-aware:
                           // at most settings.max_views of them)
    int render_width = 0;  // output size x supersampling, or the smaller size of max_detail
    int render_height = 0;
};

class FusionRenderer {
public:
    // Needs a current OpenGL 4.5 core context (compiles the fusion shaders); throws Error naming
    // the shader when the driver rejects one.
    FusionRenderer();
    ~FusionRenderer();
    FusionRenderer(const FusionRenderer&) = delete;
    FusionRenderer& operator=(const FusionRenderer&) = delete;

    // Meshes and uploads every view of `scene` (replacing the previous scene); the meshes use the
    // scene's fov and `meshing` (the first form: meshing_from_provenance). Throws Error for a view
    // whose colour/depth sizes disagree with the scene, and for tolerances out of range.
    void set_scene(const Scene& scene);
    void set_scene(const Scene& scene, const MeshingTolerances& meshing);
    // The tolerances the current scene was meshed with.
    const MeshingTolerances& meshing() const { return meshing_; }
    int view_count() const;

    // Renders the fused frame seen by `modelview` (world->camera) with settings.fov_deg into
    // output textures of width x height (re-allocated only when the size changes).
    // inspected_view (-1 = none) selects the source view whose share of the blend weight
    // view_weight_texture() shows. Throws Error for invalid settings, sizes < 1 or an
    // inspected_view outside [-1, view_count). Without a scene the frame is all background.
    void render(const glm::mat4& modelview, int width, int height, const FusionRenderSettings& settings,
                int inspected_view = -1);
    const FusionFrameStats& stats() const { return stats_; }

    // Results of the last render(), output size, row 0 = top (see above). render() resolves the
    // colour; the other outputs are resolved on their first access after it (so a viewer that
    // only shows colour does not pay for them).
    int width() const;
    int height() const;
    GLuint color_texture() const;        // RGBA32F: colour over the background; a = coverage
    GLuint depth_texture() const;        // R32F: LINEAR view depth, 0 where no depth
    GLuint masks_texture() const;        // RGBA8: r = mask_color, g = mask_depth (IVID's > 75%
                                         // sub-pixel coverage rule; exact 0/1 without SSAA)
    GLuint winner_texture() const;       // R32I: index of the view with the largest weight, -1 none
    GLuint view_weight_texture() const;  // R32F: inspected view's weight / total weight, in [0,1]

    // Copies the colour into `framebuffer` (0 = the window) at the rectangle (x, y, w, h) in GL
    // window coordinates (origin bottom-left), upright, with linear filtering when scaled.
    void blit_color(GLuint framebuffer, int x, int y, int w, int h) const;

    // Read-backs (GPU -> CPU; for tests, export and screenshots, not for the frame loop).
    Image read_color() const;                 // H x W x 3, [0, 1]
    Image read_depth() const;                 // H x W x 1, linear, 0 where no depth
    Image read_mask_color() const;            // H x W x 1, 0/1
    Image read_mask_depth() const;            // H x W x 1, 0/1
    ImageT<int32_t> read_winner() const;      // H x W x 1, view index or -1
    Image read_view_weight() const;           // H x W x 1, [0, 1]

private:
    struct Gpu;
    std::unique_ptr<Gpu> gpu_;
    FusionFrameStats stats_;
    MeshingTolerances meshing_;
};

}  // namespace ivid

// How the fusion renderer blends the views of a scene into one frame: the blend mode and its
// parameters, supersampling, background and field of view. A plain struct the studio's View
// panel edits and persists as JSON (missing keys keep their defaults; a wrong type or a value
// out of range is an Error naming the key).
#pragma once

#include <string>

#include <glm/glm.hpp>
#include <nlohmann/json.hpp>

#include "core/util/enum_names.hpp"

namespace ivid {

enum class BlendMode {
    Ivid,        // IVID's render.py aggregation, exactly (per-mesh passes, angle-to-source weights)
    DepthAware,  // cross-view soft depth test + target-view (ULR-style) term + IVID's down-weighting
};

// The CLI and JSON spelling.
inline constexpr EnumName<BlendMode> kBlendModeNames[] = {{BlendMode::Ivid, "ivid"},
                                                          {BlendMode::DepthAware, "depth-aware"}};

// "ivid" / "depth-aware"; anything else is an Error listing the valid names.
BlendMode parse_blend_mode(const std::string& name);
std::string blend_mode_name(BlendMode mode);

struct FusionRenderSettings {
    static constexpr int kMaxSupersampling = 4;
    // The mesh levels of detail every view is uploaded with (see scene_gpu.hpp).
    static constexpr int kMeshLods[] = {1, 2, 4};
    // Measured (`ivid eval-views`, README): 6 views score as well as 8 on every trajectory.
    static constexpr int kDefaultMaxViews = 6;

    BlendMode blend_mode = BlendMode::DepthAware;
    // Render at k x the output size and box-filter down (depth, masks and the winning view are
    // taken at the centre sub-pixel, as IVID does); 1..kMaxSupersampling.
    int supersampling = 1;
    // Level of detail of the view meshes: 1 draws every grid vertex (IVID's mesh, exact), K the
    // sub-grid of every K-th one where a K x K block is smooth (full detail elsewhere); fewer
    // triangles for a preview while the camera moves. One of kMeshLods.
    int mesh_lod = 1;
    // Depth-aware at full detail: draw each view's mesh with its planar blocks merged into fewer
    // triangles (scene_gpu.hpp's kPlanarMergeTolerance; colour is still looked up per source
    // pixel). IVID mode always draws IVID's mesh.
    bool merge_planar = true;
    // Depth-aware without supersampling: render at most this many pixels per source-view pixel
    // (at the views' distance from the scene) and upscale to the output size (Catmull-Rom colour,
    // nearest depth, masks and view indices): a 512² frame of 128² views is rendered at 192².
    // The views hold no finer detail: against ground truth the frames score as well as those
    // rendered at the output size (README, "Speed"). 0 = always render at the output size. >= 0.
    float max_detail = 1.5f;
    // Depth-aware: exponent of the target-view term 1 / (1 + (angle / 1e-5 rad)^2)^(sharpness/2),
    // angle = between the target ray and the source ray through the same surface point: views
    // blend in proportion to angle^-sharpness, and a camera on a view's pose (angle 0) shows that
    // view even where IVID's erosion term (x 1e-8) down-weights it. Higher favours the view
    // nearest the target ray more strongly; > 0.
    float view_sharpness = 2.0f;
    // Depth-aware: relative depth width of the soft depth test: a sample at relative depth r behind
    // the nearest confident surface keeps exp(-(r / epsilon)^2) of its weight (none beyond
    // 3 epsilon); in (0, 1].
    float depth_epsilon = 0.02f;
    // Depth-aware: draw only this many of the source views, those that see the frame at the
    // smallest angles from the target camera (fusion_view_selection.hpp); the target-view term
    // gives the others ~no weight wherever these see the surface, and each view drawn costs two
    // passes over its mesh and one over its occluders. 0 = all views.
    // IVID mode always draws every view (render.py does). >= 0.
    int max_views = kDefaultMaxViews;
    // Shown where no view has data (IVID leaves such pixels black); components in [0, 1].
    glm::vec3 background{0.0f};
    // Vertical field of view of the target camera (horizontal follows the output aspect); IVID's
    // views are 45 degrees. In (0, 180).
    float fov_deg = 45.0f;
};

// Throws Error naming the first setting out of range (with expected vs found).
void validate(const FusionRenderSettings& settings);

// Every field equal (the studio re-renders when any differs).
bool operator==(const FusionRenderSettings& a, const FusionRenderSettings& b);

// {"blend_mode": "depth-aware", "supersampling": 1, "mesh_lod": 1, "merge_planar": true, "max_detail": 1.5, "view_sharpness": 2,
//  "depth_epsilon": 0.02,
//  "max_views": 8, "background": [r, g, b], "fov_deg": 45}
void to_json(nlohmann::json& json, const FusionRenderSettings& settings);
// Reads the keys present (others keep their defaults) and validates the result.
void from_json(const nlohmann::json& json, FusionRenderSettings& settings);

}  // namespace ivid

// The frames a viewer shows while the camera moves: when full frames are slow, smaller frames
// (scaled up on screen) from coarser view meshes, sized to keep dragging fluid on software GL;
// the full frame follows when the camera stops. One rule for the studio and for `ivid bench
// render --interactive`, which measures its speed and its PSNR against the full frame.
#pragma once

#include "render/fusion_settings.hpp"

namespace ivid {

struct InteractiveFrame {
    int width = 0, height = 0;
    FusionRenderSettings settings;
};

class InteractiveFrames {
public:
    // A moving frame's render budget: with the panels and the blit, 30 frames/s or more.
    static constexpr double kTargetMs = 25.0;
    static constexpr double kMinScale = 0.25;
    // Software GL pays per triangle (a frame of a few hundred pixels from full meshes is
    // geometry-bound), so moving frames use the coarse meshes. Measured on the default scene at
    // 1280x800 (README): the mesh level costs less quality than dropping source views, so the
    // views drawn are only capped at the depth-aware default.
    static constexpr int kMeshLod = 4;
    static constexpr int kMaxViews = FusionRenderSettings::kDefaultMaxViews;

    // A full frame (the camera still) took `ms`; until a moving frame is timed, the moving
    // frames' size is guessed from it (render time grows with the pixel count).
    void full_frame_took(double ms);
    // A moving frame took `ms`: the size follows, half-way in log scale, so it settles without
    // oscillating.
    void moving_frame_took(double ms);

    // The frame to render for a `width` x `height` view while the camera moves: the full frame
    // itself when full frames fit the budget.
    InteractiveFrame frame(const FusionRenderSettings& full, int width, int height) const;
    double scale() const { return scale_; }

private:
    double full_ms_ = 0.0;
    double scale_ = 1.0;
    bool moving_timed_ = false;
};

}  // namespace ivid

#include "render/interactive_frame.hpp"

#include <algorithm>
#include <cmath>

namespace ivid {
namespace {

double clamp_scale(double scale) { return std::clamp(scale, InteractiveFrames::kMinScale, 1.0); }

}  // namespace

void InteractiveFrames::full_frame_took(double ms) {
    full_ms_ = ms;
    if (!moving_timed_ && ms > 0.0) scale_ = clamp_scale(std::sqrt(kTargetMs / ms));
}

void InteractiveFrames::moving_frame_took(double ms) {
    if (!(ms > 0.0)) return;
    moving_timed_ = true;
    scale_ = clamp_scale(scale_ * std::pow(kTargetMs / ms, 0.25));
}

InteractiveFrame InteractiveFrames::frame(const FusionRenderSettings& full, int width, int height) const {
    InteractiveFrame frame{width, height, full};
    if (!(full_ms_ > kTargetMs)) return frame;
    frame.width = std::max(1, static_cast<int>(width * scale_));
    frame.height = std::max(1, static_cast<int>(height * scale_));
    frame.settings.mesh_lod = std::max(full.mesh_lod, kMeshLod);
    frame.settings.max_views = full.max_views == 0 ? kMaxViews : std::min(full.max_views, kMaxViews);
    return frame;
}

}  // namespace ivid

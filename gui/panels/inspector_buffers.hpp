// The buffers the Inspector can show, as CPU images: for a scene view its colour and depth and,
// when the scene has them, the warped condition it was generated from (colour, depth, masks);
// for the fused frame its colour, depth, coverage masks, one view's share of the blend weight
// and which view won each pixel (read back from the fusion renderer). Scalar buffers keep their
// values next to the colourised picture, so hovering can show them. Views of an upsampled scene
// also have their colour and depth at the base size (before super-resolution), shown beside the
// upsampled ones.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "core/image/colormap.hpp"
#include "core/image/image.hpp"
#include "gui/state/inspector_buffer_kind.hpp"
#include "gui/state/studio_settings.hpp"
#include "gui/state/studio_state.hpp"

namespace ivid {

// Buffers of the fused frame (source -1) or of view `source`; the condition buffers only when
// the view has a condition.
std::vector<InspectorBuffer> buffers_of(const StudioState& state, int source);

struct InspectedImage {
    ImageU8 display;          // RGB as shown
    Image values;             // scalar buffers: the value per pixel (else empty)
    ImageT<int32_t> labels;   // Winner: the view index per pixel, -1 none (else empty)
    ValueRange range;         // the values mapped onto the colormap's ends
    std::string unit;         // "depth", "weight", "mask"
};

// Builds the picture (reads the renderer back for fused buffers). Depth uses the inspector's
// colormap and range (auto: the valid pixels' min..max); weights the colormap over [0, 1];
// masks grey. Throws Error when the buffer does not exist for the source.
InspectedImage inspect(const StudioState& state, int source, InspectorBuffer buffer,
                       const InspectorSettings& settings);

// Whether the open scene's view `source` has a base-resolution colour and depth (the scene was
// upsampled) that can be shown beside `buffer` (colour or depth).
bool has_base_version(const StudioState& state, int source, InspectorBuffer buffer);

// View `source`'s colour or depth at the base size (first) and upsampled (second); depth on one
// range for both (auto: the min..max of both buffers' valid pixels), so their colours compare.
// Throws Error when has_base_version is false.
std::pair<InspectedImage, InspectedImage> inspect_base_and_upsampled(const StudioState& state, int source,
                                                                     InspectorBuffer buffer,
                                                                     const InspectorSettings& settings);

// "x 12, y 40: depth 1.2345" (or the RGB, or "view 3"), for the hover tooltip.
std::string describe_pixel(const InspectedImage& image, int row, int col);

}  // namespace ivid

// The Inspector panel: any buffer of any view, or of the current fused frame (see
// inspector_buffers.hpp), with the colormap and value range for scalar buffers, a colour bar,
// and the value under the mouse in a tooltip. The picture is rebuilt only when what it shows
// changes (another buffer, settings, or a newly rendered fused frame).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "gui/gl/texture.hpp"
#include "gui/panels/inspector_buffers.hpp"
#include "gui/studio/studio_state.hpp"

namespace ivid {

class InspectorPanel {
public:
    void draw(StudioState& state);

private:
    // Everything the shown picture depends on.
    struct Shown {
        int source = -1;
        InspectorBuffer buffer = InspectorBuffer::Color;
        int weight_view = 0;
        uint64_t frame_version = 0;
        uint64_t scene_generation = 0;
        Colormap colormap = Colormap::Turbo;
        bool auto_range = true;
        float lo = 0.0f, hi = 0.0f;
        bool operator==(const Shown& other) const;
    };

    void draw_choices(StudioState& state);
    void refresh(const StudioState& state);
    void draw_picture() const;
    void draw_colour_bar() const;

    std::optional<Shown> shown_;
    InspectedImage image_;
    gl::Texture2D texture_;
    std::string error_;
};

}  // namespace ivid

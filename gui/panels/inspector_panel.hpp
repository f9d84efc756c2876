// The Inspector panel: any buffer of any view, or of the current fused frame (see
// inspector_buffers.hpp), with the colormap and value range for scalar buffers, a colour bar,
// and the value under the mouse in a tooltip; "Save buffers" writes the shown source's colour as PNG
// and its depth as EXR Z and 16-bit PNG millimetres (inspector_save.hpp). A view of an upsampled scene can be shown at its base
// size and upsampled side by side (colour or depth, sizes labelled). The picture is rebuilt only
// when what it shows changes (another buffer, settings, or a newly rendered fused frame).
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "gui/panels/inspector_buffers.hpp"
#include "gui/state/studio_state.hpp"
#include "render/gl/texture.hpp"

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
        bool beside_base = false;
        bool operator==(const Shown& other) const;
    };

    void draw_choices(StudioState& state);
    void refresh(const StudioState& state);
    void draw_side_by_side() const;
    void draw_colour_bar() const;
    void draw_save(StudioState& state);

    std::optional<Shown> shown_;
    InspectedImage image_;
    gl::Texture2D texture_;
    InspectedImage base_image_;  // side by side: the base-size version of image_ (else empty)
    gl::Texture2D base_texture_;
    std::string size_note_;      // upsampled scenes: the shown buffer's size and what it is
    std::string error_;
    std::string save_stem_ = "inspector_buffer";  // save: STEM.png, STEM.exr, STEM_mm.png
    bool save_overwrite_ = false;
};

}  // namespace ivid

// The Export panel: a turntable of the open scene along IVID's swing, a full orbit or the
// keyframe path recorded from the viewport; frames, fps, size and supersampling; an MP4 plus
// an optional PNG sequence, colourised-depth MP4 and float-depth folders (EXR Z, 16-bit PNG mm); and
// the scene itself exported for other tools (scene_export_section.hpp). The export runs one frame per studio frame
// (advance_export), so the window stays responsive, shows progress and can be cancelled; the
// exporter writes under temporary names and renames only when complete.
#pragma once

#include "gui/panels/keyframe_list.hpp"
#include "gui/state/studio_state.hpp"

namespace ivid {

class ExportPanel {
public:
    void draw(StudioState& state);

private:
    void draw_trajectory(StudioState& state);
    void draw_outputs(ExportSettings& settings);
    void draw_progress(StudioState& state);
    void start(StudioState& state);

    KeyframeList keyframes_;
};

// Renders and writes the running export's next frame, if any; reports completion or failure
// as a message. Call once per studio frame with the GL context current.
void advance_export(StudioState& state);

}  // namespace ivid

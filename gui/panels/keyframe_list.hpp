// The Export panel's keyframe editor: the camera path recorded from the viewport as an editable
// list (time, yaw, pitch, radius; go to a keyframe, delete it), saved to and loaded from
// ivid-keyframes JSON or nerfstudio's camera_path.json (keyframe_files.hpp).
#pragma once

#include <string>

#include "gui/panels/keyframe_files.hpp"
#include "gui/state/studio_state.hpp"

namespace ivid {

class KeyframeList {
public:
    void draw(StudioState& state);

private:
    void draw_file(StudioState& state);

    std::string file_field_ = "keyframes.json";
    KeyframeFileFormat format_ = KeyframeFileFormat::Ivid;  // what Save writes; Load sets it
};

}  // namespace ivid

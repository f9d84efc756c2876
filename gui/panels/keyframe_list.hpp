// The Export panel's keyframe editor: the camera path recorded from the viewport as an editable
// list (time, yaw, pitch, radius; go to a keyframe, delete it), saved to and loaded from
// ivid-keyframes JSON (core/geometry/camera.hpp).
#pragma once

#include <string>

#include "gui/studio/studio_state.hpp"

namespace ivid {

class KeyframeList {
public:
    void draw(StudioState& state);

private:
    std::string file_field_ = "keyframes.json";
};

}  // namespace ivid

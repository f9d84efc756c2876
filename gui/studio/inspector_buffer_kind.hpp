// The buffers the Inspector can show (see gui/panels/inspector_buffers.hpp for what each holds)
// and their names in settings.json.
#pragma once

#include <string>
#include <vector>

namespace ivid {

enum class InspectorBuffer {
    Color,
    Depth,
    ColorMask,
    DepthMask,
    BlendWeight,
    Winner,
    ConditionColor,
    ConditionDepth,
    ConditionMask,
    ConditionColorMask,
};

const std::vector<InspectorBuffer>& all_inspector_buffers();
// "colour", "depth", "colour-mask", "depth-mask", "blend-weight", "winner", "condition-colour",
// "condition-depth", "condition-mask", "condition-colour-mask"; parsing another name throws
// Error listing these.
std::string inspector_buffer_name(InspectorBuffer buffer);
InspectorBuffer inspector_buffer_from_name(const std::string& name);
// As shown in the panel, e.g. "condition: warped colour".
std::string inspector_buffer_label(InspectorBuffer buffer);

}  // namespace ivid

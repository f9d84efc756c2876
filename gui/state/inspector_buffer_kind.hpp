// The buffers the Inspector can show (see gui/panels/inspector_buffers.hpp for what each holds)
// and their names in settings.json.
#pragma once

#include <string>

#include "core/util/enum_names.hpp"

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

// Their names in settings.json; parsing another name throws Error listing these.
inline constexpr EnumName<InspectorBuffer> kInspectorBufferNames[] = {
    {InspectorBuffer::Color, "colour"},
    {InspectorBuffer::Depth, "depth"},
    {InspectorBuffer::ColorMask, "colour-mask"},
    {InspectorBuffer::DepthMask, "depth-mask"},
    {InspectorBuffer::BlendWeight, "blend-weight"},
    {InspectorBuffer::Winner, "winner"},
    {InspectorBuffer::ConditionColor, "condition-colour"},
    {InspectorBuffer::ConditionDepth, "condition-depth"},
    {InspectorBuffer::ConditionMask, "condition-mask"},
    {InspectorBuffer::ConditionColorMask, "condition-colour-mask"},
};

InspectorBuffer parse_inspector_buffer(const std::string& name);
std::string inspector_buffer_name(InspectorBuffer buffer);
// As shown in the panel, e.g. "condition: warped colour".
std::string inspector_buffer_label(InspectorBuffer buffer);

}  // namespace ivid

#include "gui/state/inspector_buffer_kind.hpp"

namespace ivid {
namespace {

// A second table of the same shape: the panel's words for each buffer.
constexpr EnumName<InspectorBuffer> kLabels[] = {
    {InspectorBuffer::Color, "colour"},
    {InspectorBuffer::Depth, "depth"},
    {InspectorBuffer::ColorMask, "colour mask"},
    {InspectorBuffer::DepthMask, "depth mask"},
    {InspectorBuffer::BlendWeight, "blend weight of a view"},
    {InspectorBuffer::Winner, "which view won"},
    {InspectorBuffer::ConditionColor, "condition: warped colour"},
    {InspectorBuffer::ConditionDepth, "condition: warped depth"},
    {InspectorBuffer::ConditionMask, "condition: depth mask"},
    {InspectorBuffer::ConditionColorMask, "condition: colour mask"},
};

}  // namespace

InspectorBuffer parse_inspector_buffer(const std::string& name) {
    return parse_enum(kInspectorBufferNames, name, "inspector", "buffer");
}

std::string inspector_buffer_name(InspectorBuffer buffer) { return enum_name(kInspectorBufferNames, buffer); }

std::string inspector_buffer_label(InspectorBuffer buffer) { return enum_name(kLabels, buffer); }

}  // namespace ivid

#include "gui/studio/inspector_buffer_kind.hpp"

#include "core/util/error.hpp"

namespace ivid {
namespace {

struct BufferNames {
    InspectorBuffer buffer;
    const char* name;
    const char* label;
};

const std::vector<BufferNames>& table() {
    using B = InspectorBuffer;
    static const std::vector<BufferNames> names{
        {B::Color, "colour", "colour"},
        {B::Depth, "depth", "depth"},
        {B::ColorMask, "colour-mask", "colour mask"},
        {B::DepthMask, "depth-mask", "depth mask"},
        {B::BlendWeight, "blend-weight", "blend weight of a view"},
        {B::Winner, "winner", "which view won"},
        {B::ConditionColor, "condition-colour", "condition: warped colour"},
        {B::ConditionDepth, "condition-depth", "condition: warped depth"},
        {B::ConditionMask, "condition-mask", "condition: depth mask"},
        {B::ConditionColorMask, "condition-colour-mask", "condition: colour mask"},
    };
    return names;
}

const BufferNames& entry(InspectorBuffer buffer) {
    for (const BufferNames& names : table())
        if (names.buffer == buffer) return names;
    return table().front();
}

}  // namespace

const std::vector<InspectorBuffer>& all_inspector_buffers() {
    static const std::vector<InspectorBuffer> buffers = [] {
        std::vector<InspectorBuffer> all;
        for (const BufferNames& names : table()) all.push_back(names.buffer);
        return all;
    }();
    return buffers;
}

std::string inspector_buffer_name(InspectorBuffer buffer) { return entry(buffer).name; }

std::string inspector_buffer_label(InspectorBuffer buffer) { return entry(buffer).label; }

InspectorBuffer inspector_buffer_from_name(const std::string& name) {
    std::string choices;
    for (const BufferNames& names : table()) {
        if (names.name == name) return names.buffer;
        choices += (choices.empty() ? "" : ", ") + std::string(names.name);
    }
    throw Error::at("inspector", "buffer", "one of " + choices, "\"" + name + "\"");
}

}  // namespace ivid

#include "gui/panels/inspector_buffers.hpp"

#include <algorithm>
#include <cstdio>
#include <optional>

#include "core/image/label_colors.hpp"
#include "core/util/error.hpp"

namespace ivid {
namespace {

// Valid where a depth buffer has a surface (IVID stores 0 where there is none).
ImageU8 positive_mask(const Image& values) {
    ImageU8 mask(values.width, values.height, 1);
    for (size_t p = 0; p < values.pixel_count(); ++p) mask.data[p] = values.data[p] > 0.0f ? 255 : 0;
    return mask;
}

InspectedImage scalar(Image values, Colormap map, ValueRange range, std::string unit,
                      const ImageU8* valid = nullptr) {
    InspectedImage out;
    out.display = colorize(values, map, range, valid);
    out.values = std::move(values);
    out.range = range;
    out.unit = std::move(unit);
    return out;
}

// `shared`: the range of a pair of buffers shown together (auto range), else the buffer's own.
InspectedImage depth(Image values, const InspectorSettings& settings, const ValueRange* shared = nullptr) {
    const ImageU8 valid = positive_mask(values);
    const ValueRange range = !settings.auto_range ? settings.range : shared ? *shared : finite_range(values, &valid);
    return scalar(std::move(values), settings.colormap, range, "depth", &valid);
}

// The min..max of both depth buffers' valid pixels.
ValueRange shared_depth_range(const Image& a, const Image& b) {
    std::optional<ValueRange> range;
    for (const Image* values : {&a, &b}) {
        const ImageU8 valid = positive_mask(*values);
        if (std::none_of(valid.data.begin(), valid.data.end(), [](uint8_t v) { return v != 0; })) continue;
        const ValueRange own = finite_range(*values, &valid);
        range = range ? ValueRange{std::min(range->lo, own.lo), std::max(range->hi, own.hi)} : own;
    }
    return range.value_or(ValueRange{});
}

InspectedImage mask(Image values) { return scalar(std::move(values), Colormap::Grey, {0.0f, 1.0f}, "mask"); }

InspectedImage mask(const ImageU8& bytes) {
    Image values(bytes.width, bytes.height, 1);
    for (size_t p = 0; p < bytes.pixel_count(); ++p) values.data[p] = bytes.data[p] / 255.0f;
    return mask(std::move(values));
}

InspectedImage colour(ImageU8 rgb) {
    InspectedImage out;
    out.display = std::move(rgb);
    return out;
}

InspectedImage fused(const StudioState& state, InspectorBuffer buffer, const InspectorSettings& settings) {
    const FusionRenderer& r = state.renderer;
    switch (buffer) {
        case InspectorBuffer::Color: return colour(to_u8_truncate(r.read_color()));
        case InspectorBuffer::Depth: return depth(r.read_depth(), settings);
        case InspectorBuffer::ColorMask: return mask(r.read_mask_color());
        case InspectorBuffer::DepthMask: return mask(r.read_mask_depth());
        case InspectorBuffer::BlendWeight:
            return scalar(r.read_view_weight(), settings.colormap, {0.0f, 1.0f}, "weight");
        case InspectorBuffer::Winner: {
            InspectedImage out;
            out.labels = r.read_winner();
            out.display = colorize_labels(out.labels);
            return out;
        }
        default: break;
    }
    throw Error::at("inspector", "fused frame buffer", "colour, depth, masks, weight or winner",
                    inspector_buffer_label(buffer));
}

InspectedImage of_view(const View& view, InspectorBuffer buffer, const InspectorSettings& settings) {
    switch (buffer) {
        case InspectorBuffer::Color: return colour(view.color);
        case InspectorBuffer::Depth: return depth(view.depth, settings);
        default: break;
    }
    if (!view.condition)
        throw Error::at("inspector", "view buffer", "colour or depth (the view has no condition)",
                        inspector_buffer_label(buffer));
    const ViewCondition& c = *view.condition;
    switch (buffer) {
        case InspectorBuffer::ConditionColor: return colour(c.color);
        case InspectorBuffer::ConditionDepth: return depth(c.depth, settings);
        case InspectorBuffer::ConditionMask: return mask(c.mask);
        case InspectorBuffer::ConditionColorMask: return mask(c.mask_rgb);
        default: break;
    }
    throw Error::at("inspector", "view buffer", "colour, depth or a condition buffer", inspector_buffer_label(buffer));
}

}  // namespace

std::vector<InspectorBuffer> buffers_of(const StudioState& state, int source) {
    using B = InspectorBuffer;
    if (source < 0) return {B::Color, B::Depth, B::ColorMask, B::DepthMask, B::BlendWeight, B::Winner};
    std::vector<B> buffers{B::Color, B::Depth};
    if (state.scene && source < static_cast<int>(state.scene->scene.views.size()) &&
        state.scene->scene.views[source].condition)
        buffers.insert(buffers.end(), {B::ConditionColor, B::ConditionDepth, B::ConditionMask,
                                       B::ConditionColorMask});
    return buffers;
}

InspectedImage inspect(const StudioState& state, int source, InspectorBuffer buffer,
                       const InspectorSettings& settings) {
    if (source < 0) return fused(state, buffer, settings);
    if (!state.scene || source >= static_cast<int>(state.scene->scene.views.size()))
        throw Error::at("inspector", "view", "an index of the open scene's views", std::to_string(source));
    return of_view(state.scene->scene.views[source], buffer, settings);
}

bool has_base_version(const StudioState& state, int source, InspectorBuffer buffer) {
    if (buffer != InspectorBuffer::Color && buffer != InspectorBuffer::Depth) return false;
    return state.scene && source >= 0 && source < static_cast<int>(state.scene->scene.views.size()) &&
           state.scene->scene.views[source].base.has_value();
}

std::pair<InspectedImage, InspectedImage> inspect_base_and_upsampled(const StudioState& state, int source,
                                                                     InspectorBuffer buffer,
                                                                     const InspectorSettings& settings) {
    if (!has_base_version(state, source, buffer))
        throw Error::at("inspector", "view " + std::to_string(source),
                        "the colour or depth of a view of an upsampled scene", inspector_buffer_label(buffer));
    const View& view = state.scene->scene.views[source];
    const BaseView& base = *view.base;
    if (buffer == InspectorBuffer::Color) return {colour(base.color), colour(view.color)};
    const ValueRange range = shared_depth_range(base.depth, view.depth);
    return {depth(base.depth, settings, &range), depth(view.depth, settings, &range)};
}

std::string describe_pixel(const InspectedImage& image, int row, int col) {
    char text[128];
    int n = std::snprintf(text, sizeof(text), "x %d, y %d: ", col, row);
    const size_t size = sizeof(text) - static_cast<size_t>(n);
    if (!image.labels.empty()) {
        const int32_t label = image.labels.at(row, col);
        if (label < 0)
            std::snprintf(text + n, size, "no view");
        else
            std::snprintf(text + n, size, "view %d", label);
    } else if (!image.values.empty()) {
        std::snprintf(text + n, size, "%s %.4f", image.unit.c_str(), image.values.at(row, col));
    } else {
        std::snprintf(text + n, size, "RGB %d, %d, %d", image.display.at(row, col, 0),
                      image.display.at(row, col, 1), image.display.at(row, col, 2));
    }
    return text;
}

}  // namespace ivid

#include "core/raster/aggregate.hpp"

#include <string>

#include "core/geometry/depth.hpp"
#include "core/raster/mask_ops.hpp"
#include "core/raster/ssaa.hpp"
#include "core/util/error.hpp"

namespace ivid {
namespace {

// The image size N shared by all colour images (IVID takes colors[0]'s).
int common_image_size(const std::vector<RgbdMesh>& meshes, const std::vector<Image>& colors, const char* who) {
    if (meshes.empty()) throw Error::at(who, "meshes", "at least one mesh", "an empty list");
    if (colors.size() != meshes.size())
        throw Error::at(who, "colors", std::to_string(meshes.size()) + " (one per mesh)", std::to_string(colors.size()));
    const int n = colors[0].width;
    for (size_t i = 0; i < colors.size(); ++i)
        if (colors[i].width != n || colors[i].height != n || colors[i].channels != 3)
            throw Error::at(who, "colors[" + std::to_string(i) + "]",
                            std::to_string(n) + "x" + std::to_string(n) + "x3",
                            std::to_string(colors[i].height) + "x" + std::to_string(colors[i].width) + "x" +
                                std::to_string(colors[i].channels));
    return n;
}

}  // namespace

AggregateConditions aggregate_conditions(const std::vector<RgbdMesh>& meshes, const std::vector<Image>& colors,
                                         const glm::mat4& target_modelview, const AggregateSettings& settings) {
    const int n = common_image_size(meshes, colors, "aggregate_conditions");
    require(settings.ssaa >= 1, "aggregate_conditions: ssaa must be >= 1, found " + std::to_string(settings.ssaa));
    require(settings.erode_rgb >= 1,
            "aggregate_conditions: erode_rgb must be >= 1, found " + std::to_string(settings.erode_rgb));
    const AggregationRenderer renderer({settings.ssaa * n, settings.renderer_near, settings.renderer_far});

    AggregateConditions out;
    out.raw = renderer.render(meshes, colors, target_modelview, settings.fov_deg);
    out.color_u8 = downsample_color(out.raw.color, settings.ssaa);
    out.depth_convex = zbuffer_from_linear(downsample_point(out.raw.depth, settings.ssaa), settings.near, settings.far);
    out.mask = multiply_by_mask(downsample_coverage(out.raw.mask_depth, settings.ssaa),
                                depth_edge_mask(out.depth_convex, settings.atol, settings.rtol));
    out.mask_rgb = multiply_by_mask(downsample_coverage(out.raw.mask_color, settings.ssaa),
                                    erode_mask(out.mask, 2 * settings.erode_rgb - 1));
    out.color = multiply_by_mask(from_u8(out.color_u8), out.mask_rgb);
    out.depth = multiply_by_mask(out.depth_convex, out.mask);
    return out;
}

FusionFrame render_fusion_frame(const std::vector<RgbdMesh>& meshes, const std::vector<Image>& colors,
                                const glm::mat4& modelview, const FusionSettings& settings) {
    const int n = common_image_size(meshes, colors, "render_fusion_frame");
    require(settings.ssaa >= 1, "render_fusion_frame: ssaa must be >= 1, found " + std::to_string(settings.ssaa));
    const AggregationRenderer renderer({settings.ssaa * n, settings.renderer_near, settings.renderer_far});

    FusionFrame out;
    out.raw = renderer.render(meshes, colors, modelview, settings.fov_deg);
    out.frame = downsample_color(out.raw.color, settings.ssaa, /*clip=*/false);
    out.depth_video = zbuffer_from_linear(downsample_point(out.raw.depth, settings.ssaa),
                                          settings.video_near, settings.video_far);
    return out;
}

}  // namespace ivid

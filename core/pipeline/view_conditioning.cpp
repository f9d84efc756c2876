#include "core/pipeline/view_conditioning.hpp"

#include "core/diffusion/rgbd_tensor.hpp"

namespace ivid::pipeline {

MeshOptions view_mesh_options(const AggregateSettings& settings) {
    MeshOptions o;
    o.fov_deg = settings.fov_deg;
    o.padding = PaddingMode::Frustum;
    o.atol = settings.atol;
    o.rtol = settings.rtol;
    o.erode_rgb = settings.erode_rgb;
    o.normals = true;
    return o;
}

void set_conditional_inputs(diffusion::SampleRequest& request, const std::vector<AggregateConditions>& conditions,
                            const CorrectionWeights& weights, const at::Device& device) {
    std::vector<at::Tensor> color, depth, convex, mask, mask_rgb;
    for (const AggregateConditions& c : conditions) {
        color.push_back(diffusion::signed_tensor_from_image(c.color));
        depth.push_back(diffusion::signed_tensor_from_image(c.depth));
        convex.push_back(diffusion::signed_tensor_from_image(c.depth_convex));
        mask.push_back(diffusion::tensor_from_image(c.mask));
        mask_rgb.push_back(diffusion::tensor_from_image(c.mask_rgb));
    }
    const at::Tensor c = at::stack(color).to(device), d = at::stack(depth).to(device);
    const at::Tensor m = at::stack(mask).to(device), mr = at::stack(mask_rgb).to(device);
    request.condition = diffusion::InpaintCondition{at::cat({c, d}, 1), m, mr};
    request.corrections.replace_rgb = diffusion::ReplaceRgb{weights.replace_rgb, c, mr};
    request.corrections.replace_depth = diffusion::ReplaceDepth{weights.replace_depth, d, m};
    request.corrections.constrain_depth = diffusion::ConstrainDepth{weights.constrain_depth, at::stack(convex).to(device)};
}

}  // namespace ivid::pipeline

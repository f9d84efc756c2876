// How IVID's sample.py conditions the next view on the views made so far: each finished view is
// meshed (these mesh options), all meshes are aggregated into the new pose (aggregate.hpp), and
// the aggregate becomes the conditional model's inputs: the inpainting condition (colour, depth,
// masks) and the x0 corrections that keep the known pixels (IVID's weights: replace_rgb 0.1,
// replace_depth 0.2, constrain_depth 0.5 with the convex depth).
#pragma once

#include <vector>

#include <ATen/ATen.h>

#include "core/diffusion/sampling_run.hpp"
#include "core/geometry/rgbd_mesh.hpp"
#include "core/pipeline/correction_weights.hpp"
#include "core/raster/aggregate.hpp"

namespace ivid::pipeline {

// sample.py's meshing of a finished view: frustum padding, the aggregation's discontinuity
// tolerances and rgb erosion, normals.
MeshOptions view_mesh_options(const AggregateSettings& settings);

// Fills request.condition and request.corrections for one batch item per entry of `conditions`.
void set_conditional_inputs(diffusion::SampleRequest& request, const std::vector<AggregateConditions>& conditions,
                            const CorrectionWeights& weights, const at::Device& device);

}  // namespace ivid::pipeline

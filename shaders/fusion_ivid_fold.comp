#version 450 core
// IVID mode: folds a chunk of mesh passes (one per layer, in scene order) into the accumulators
// exactly as IVID's aggregation.csh folds one pass: weighted colour, window depth with the
// low-confidence "keep the farther surface" rule, and the confidence counts. Also tracks the
// inspected view's colour weight and the winning view.
#include "fusion_common.glsl"

layout(local_size_x = 8, local_size_y = 8) in;

layout(binding = 0) uniform sampler2DArray pass_color;  // rgb, a = weight
layout(binding = 1) uniform sampler2DArray pass_depth;  // D24 window depth
layout(binding = 0, rgba32f) uniform image2D acc_color;  // (sum rgb*a, sum a)
layout(binding = 1, rgba32f) uniform image2D acc_depth;  // (sum d*wd, sum wd, count_depth, count_color)
layout(binding = 2, rgba32f) uniform image2D acc_inspected;  // a = the inspected view's sum a
layout(binding = 3, r32f) uniform image2D winner;       // winner_key

uniform ivec2 origin;    // the chunk's screen rectangle
uniform ivec2 extent;
uniform int layer_count;
uniform int layer_view[8];  // scene index of each layer's view
uniform int inspected_view;

void main() {
    ivec2 local = ivec2(gl_GlobalInvocationID.xy);
    if (any(greaterThanEqual(local, extent))) return;
    ivec2 p = origin + local;
    vec4 color = imageLoad(acc_color, p);
    vec4 depth = imageLoad(acc_depth, p);
    float inspected_sum = imageLoad(acc_inspected, p).a;
    float key = imageLoad(winner, p).r;
    for (int layer = 0; layer < layer_count; ++layer) {
        vec4 s = texelFetch(pass_color, ivec3(p, layer), 0);
        float d = texelFetch(pass_depth, ivec3(p, layer), 0).r;
        float a = s.a;
        float wd = a > 1e-14 ? 1.0 : (a > 0.0 ? kLowConfidence : 0.0);
        float inspected = layer_view[layer] == inspected_view ? a : 0.0;
        if (abs(depth.y - kLowConfidence) < kLowConfidence && abs(wd - kLowConfidence) < kLowConfidence) {
            if (d * kLowConfidence > depth.x) {
                depth.xy = vec2(d * kLowConfidence, kLowConfidence);
                color = vec4(s.rgb * a, a);
                inspected_sum = inspected;
            }
        } else {
            depth.xy += vec2(d * wd, wd);
            color += vec4(s.rgb * a, a);
            inspected_sum += inspected;
        }
        depth.zw += vec2(a > 1e-14 ? 1.0 : 0.0, a > 1e-6 ? 1.0 : 0.0);
        if (a > 0.0) key = max(key, winner_key(a, a > 1e-6, layer_view[layer]));
    }
    imageStore(acc_color, p, color);
    imageStore(acc_depth, p, depth);
    imageStore(acc_inspected, p, vec4(0.0, 0.0, 0.0, inspected_sum));
    imageStore(winner, p, vec4(key));
}

#version 450 core
// Resolves the render-size accumulators of either blend mode into the output textures: colour
// box-filtered over each supersampling block (background where a sub-pixel has no colour),
// depth and winning view at the block's centre sub-pixel (IVID's offset (k-1)/2), masks by
// IVID's more-than-75%-coverage rule. Output row 0 is the TOP of the picture (the accumulators
// are GL bottom-up). With color_only the other outputs are left alone (they are resolved only
// when somebody looks at them).
#include "fusion_common.glsl"

layout(local_size_x = 8, local_size_y = 8) in;

layout(binding = 0) uniform sampler2D acc0;   // IVID: colour sum; depth-aware: confident sum
layout(binding = 1) uniform sampler2D acc1;   // IVID: depth sums + counts; depth-aware: fallback sum
layout(binding = 2) uniform sampler2D acc2;   // a: the inspected view's part of acc0's weight
layout(binding = 3) uniform sampler2D winner_keys;  // winner_key
// Depth-aware only (not read in IVID mode):
layout(binding = 4) uniform sampler2D acc3;           // a: the inspected view's part of acc1's
layout(binding = 5) uniform sampler2D nearest_depth;  // linear depth of the nearest occluder, 0 = none

layout(binding = 0, rgba32f) writeonly uniform image2D out_color;
layout(binding = 1, r32f) writeonly uniform image2D out_depth;
layout(binding = 2, rgba8) writeonly uniform image2D out_masks;
layout(binding = 3, r32i) writeonly uniform iimage2D out_winner;
layout(binding = 4, r32f) writeonly uniform image2D out_view_weight;

uniform int ivid_mode;  // 1: IVID accumulators, 0: depth-aware
uniform int color_only;
uniform int supersampling;
uniform ivec2 output_size;
uniform int render_height;
uniform vec3 background;
uniform float near;
uniform float far;

struct Sample {
    bool has_color;
    vec3 color;
    float depth;  // linear, 0 = none
    bool mask_color;
    bool mask_depth;
    float view_weight;
};

Sample read_sample(ivec2 p) {
    vec4 a0 = texelFetch(acc0, p, 0);
    vec4 a1 = texelFetch(acc1, p, 0);
    float inspected = texelFetch(acc2, p, 0).a;
    Sample s;
    if (ivid_mode == 1) {
        s.has_color = a0.a > 0.0;
        s.color = a0.rgb / max(a0.a, 1e-24);
        float window = a1.x / max(a1.y, 1e-24);
        s.depth = a1.y > 0.0 ? near * far / (far - window * (far - near)) : 0.0;
        s.mask_depth = a1.z > 0.5;
        s.mask_color = a1.w > 0.5;
        s.view_weight = a0.a > 0.0 ? inspected / a0.a : 0.0;
    } else {
        bool confident = a0.a > 0.0;
        s.has_color = confident || a1.a > 0.0;
        s.color = confident ? a0.rgb / a0.a : a1.rgb / max(a1.a, 1e-30);
        s.depth = confident ? texelFetch(nearest_depth, p, 0).r : 0.0;
        s.mask_color = confident;
        s.mask_depth = s.depth > 0.0;
        s.view_weight = confident ? inspected / a0.a : (a1.a > 0.0 ? texelFetch(acc3, p, 0).a / a1.a : 0.0);
    }
    return s;
}

void main() {
    ivec2 o = ivec2(gl_GlobalInvocationID.xy);
    if (any(greaterThanEqual(o, output_size))) return;
    int k = supersampling;
    int centre = (k - 1) / 2;
    vec3 color = vec3(0.0);
    float covered = 0.0, mask_color = 0.0, mask_depth = 0.0, view_weight = 0.0, depth = 0.0;
    int winner = -1;
    for (int j = 0; j < k; ++j) {
        for (int i = 0; i < k; ++i) {
            // Sub-pixel row o.y*k + j counted from the top.
            ivec2 p = ivec2(o.x * k + i, render_height - 1 - (o.y * k + j));
            Sample s = read_sample(p);
            color += s.has_color ? s.color : background;
            covered += s.has_color ? 1.0 : 0.0;
            mask_color += s.mask_color ? 1.0 : 0.0;
            mask_depth += s.mask_depth ? 1.0 : 0.0;
            view_weight += s.view_weight;
            if (i == centre && j == centre) {
                depth = s.depth;
                winner = winner_view(texelFetch(winner_keys, p, 0).r);
            }
        }
    }
    float n = float(k * k);
    imageStore(out_color, o, vec4(color / n, covered / n));
    if (color_only == 1) return;
    imageStore(out_depth, o, vec4(depth));
    imageStore(out_masks, o, vec4(mask_color > 0.75 * n ? 1.0 : 0.0, mask_depth > 0.75 * n ? 1.0 : 0.0, 0.0, 1.0));
    imageStore(out_winner, o, ivec4(winner));
    imageStore(out_view_weight, o, vec4(view_weight / n));
}

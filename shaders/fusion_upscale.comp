#version 450 core
// Depth-aware frames rendered at the scene's own detail (FusionRenderSettings::max_detail) up to
// the output size: colour (and coverage) with a Catmull-Rom filter, clamped to the 2x2 texels
// around the sample so that edges do not ring; depth, masks, winning view and view weight from
// the nearest texel (they are per-surface values, not to be blended). Row 0 is the top in both.
layout(local_size_x = 8, local_size_y = 8) in;

layout(binding = 0) uniform sampler2D detail_color;
layout(binding = 1) uniform sampler2D detail_depth;
layout(binding = 2) uniform sampler2D detail_masks;
layout(binding = 3) uniform isampler2D detail_winner;
layout(binding = 4) uniform sampler2D detail_view_weight;

layout(binding = 0, rgba32f) writeonly uniform image2D out_color;
layout(binding = 1, r32f) writeonly uniform image2D out_depth;
layout(binding = 2, rgba8) writeonly uniform image2D out_masks;
layout(binding = 3, r32i) writeonly uniform iimage2D out_winner;
layout(binding = 4, r32f) writeonly uniform image2D out_view_weight;

uniform ivec2 output_size;
uniform ivec2 detail_size;
uniform int color_only;

// Catmull-Rom weights of the four taps around a sample at fraction t past the second one.
vec4 catmull_rom(float t) {
    float t2 = t * t, t3 = t2 * t;
    return vec4(-0.5 * t3 + t2 - 0.5 * t, 1.5 * t3 - 2.5 * t2 + 1.0, -1.5 * t3 + 2.0 * t2 + 0.5 * t,
                0.5 * t3 - 0.5 * t2);
}

vec4 texel(ivec2 p) { return texelFetch(detail_color, clamp(p, ivec2(0), detail_size - 1), 0); }

void main() {
    ivec2 o = ivec2(gl_GlobalInvocationID.xy);
    if (any(greaterThanEqual(o, output_size))) return;
    // The output pixel's centre in detail texels (centres at integer + 0.5).
    vec2 x = (vec2(o) + 0.5) * vec2(detail_size) / vec2(output_size) - 0.5;
    ivec2 base = ivec2(floor(x));
    vec2 t = x - vec2(base);
    vec4 wx = catmull_rom(t.x), wy = catmull_rom(t.y);
    vec4 sum = vec4(0.0);
    vec4 lo = vec4(1e30), hi = vec4(-1e30);
    for (int j = 0; j < 4; ++j)
        for (int i = 0; i < 4; ++i) {
            vec4 c = texel(base + ivec2(i - 1, j - 1));
            sum += wx[i] * wy[j] * c;
            if (i >= 1 && i <= 2 && j >= 1 && j <= 2) {
                lo = min(lo, c);
                hi = max(hi, c);
            }
        }
    imageStore(out_color, o, clamp(sum, lo, hi));
    if (color_only == 1) return;
    ivec2 nearest = clamp(ivec2(floor(x + 0.5)), ivec2(0), detail_size - 1);
    imageStore(out_depth, o, texelFetch(detail_depth, nearest, 0));
    imageStore(out_masks, o, texelFetch(detail_masks, nearest, 0));
    imageStore(out_winner, o, texelFetch(detail_winner, nearest, 0));
    imageStore(out_view_weight, o, texelFetch(detail_view_weight, nearest, 0));
}

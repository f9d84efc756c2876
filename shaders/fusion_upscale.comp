#version 450 core
// Depth-aware frames rendered at the scene's own detail (FusionRenderSettings::max_detail) up to
// the output size, in two separable passes: colour (and coverage) with a Catmull-Rom filter,
// each pass clamped to the two texels around the sample so that edges do not ring: first along
// x (detail -> a texture of output width and detail height), then along y into the output. The
// second pass also takes depth, masks, winning view and view weight from the nearest detail texel
// (per-surface values, not to be blended). Row 0 is the top in every texture.
layout(local_size_x = 64, local_size_y = 4) in;

layout(binding = 0) uniform sampler2D source_color;  // pass 0: detail colour; pass 1: pass 0's result
layout(binding = 1) uniform sampler2D detail_depth;
layout(binding = 2) uniform sampler2D detail_masks;
layout(binding = 3) uniform isampler2D detail_winner;
layout(binding = 4) uniform sampler2D detail_view_weight;

layout(binding = 0, rgba32f) writeonly uniform image2D out_color;  // pass 0: the x-upscaled colour
layout(binding = 1, r32f) writeonly uniform image2D out_depth;
layout(binding = 2, rgba8) writeonly uniform image2D out_masks;
layout(binding = 3, r32i) writeonly uniform iimage2D out_winner;
layout(binding = 4, r32f) writeonly uniform image2D out_view_weight;

uniform int pass;            // 0: along x, 1: along y (and the auxiliaries)
uniform ivec2 output_size;   // of this pass
uniform ivec2 detail_size;   // the frame as rendered
uniform int color_only;

// Catmull-Rom weights of the four taps around a sample at fraction t past the second one.
vec4 catmull_rom(float t) {
    float t2 = t * t, t3 = t2 * t;
    return vec4(-0.5 * t3 + t2 - 0.5 * t, 1.5 * t3 - 2.5 * t2 + 1.0, -1.5 * t3 + 2.0 * t2 + 0.5 * t,
                0.5 * t3 - 0.5 * t2);
}

void main() {
    ivec2 o = ivec2(gl_GlobalInvocationID.xy);
    if (any(greaterThanEqual(o, output_size))) return;
    // The output pixel's centre in detail texels (centres at integer + 0.5).
    vec2 x = (vec2(o) + 0.5) * vec2(detail_size) / vec2(output_size) - 0.5;
    ivec2 axis = pass == 0 ? ivec2(1, 0) : ivec2(0, 1);
    int along = pass == 0 ? 0 : 1;
    int base = int(floor(x[along]));
    vec4 w = catmull_rom(x[along] - float(base));
    int last = textureSize(source_color, 0)[along] - 1;
    vec4 taps[4];
    for (int i = 0; i < 4; ++i) {
        ivec2 p = o;
        p[along] = clamp(base + i - 1, 0, last);
        taps[i] = texelFetch(source_color, p, 0);
    }
    vec4 sum = w.x * taps[0] + w.y * taps[1] + w.z * taps[2] + w.w * taps[3];
    imageStore(out_color, o, clamp(sum, min(taps[1], taps[2]), max(taps[1], taps[2])));
    if (pass == 0 || color_only == 1) return;
    ivec2 nearest = clamp(ivec2(floor(x + 0.5)), ivec2(0), detail_size - 1);
    imageStore(out_depth, o, texelFetch(detail_depth, nearest, 0));
    imageStore(out_masks, o, texelFetch(detail_masks, nearest, 0));
    imageStore(out_winner, o, texelFetch(detail_winner, nearest, 0));
    imageStore(out_view_weight, o, texelFetch(detail_view_weight, nearest, 0));
}

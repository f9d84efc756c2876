#version 450 core
// Depth-aware mode, one view's samples added into the accumulators (additive blending):
// weight = IVID's source-angle term (x 1e-8 on eroded samples)
//        x target-view term: 1 / (1 + (angle / 1e-5)^2)^(sharpness / 2), angle between the target
//          ray and this view's ray through the sample (0 for the view the camera sits on)
//        x soft depth test: exp(-(r / epsilon)^2), r = relative depth behind the nearest occluding
//          surface; samples beyond depth_test_reach epsilon are discarded.
// The first two come interpolated from the vertices (fusion_mesh.vert). Edge and padding samples
// go to a separate fallback sum that only shows where nothing confident covers the pixel. On (or
// within ~1e-5 rad of) the source pose the view's own pixels are exactly what the camera sees:
// the erosion and edge rules fade out there. (Drawn a second time for one view alone into other
// targets, the same sums give that view's share of the weight.)
#include "fusion_common.glsl"

layout(early_fragment_tests) in;

in vec3 world_position;
in float edge;
in float padding;
in float eroded;
in float view_depth;
in float pose_closeness;
in float vertex_weight;

layout(binding = 0) uniform sampler2D color_image;
layout(binding = 1) uniform sampler2D nearest_depth;  // linear, 0 = no occluding surface
// The source view's projection x modelview: its pixel under each fragment, exact on merged
// triangles too (a triangle's interpolated uv would not be: the view's projection is not affine).
uniform mat4 source_view_projection;
uniform int view_index;
uniform float depth_epsilon;
uniform float depth_test_reach;  // in epsilons: exp(-reach^2) of a sample is dropped

layout(location = 0) out vec4 confident;  // (rgb*w, w)
layout(location = 1) out vec4 fallback;   // (rgb*w, w) of edge/padding samples
layout(location = 2) out float winner;    // winner_key, blended with GL_MAX

void main() {
    bool on_pose = pose_closeness > 0.5;
    float w = vertex_weight;
    if (eroded >= 0.999) w *= max(1e-8, pose_closeness);
    float surface = texelFetch(nearest_depth, ivec2(gl_FragCoord.xy), 0).r;
    if (surface > 0.0) {
        float r = max(view_depth - surface, 0.0) / (surface * depth_epsilon);
        if (r > depth_test_reach) discard;
        w *= exp(-r * r);
    }
    bool low = !on_pose && (padding > 0.001 || edge > 0.999);
    vec4 source = source_view_projection * vec4(world_position, 1.0);
    // IVID's uv: u right, v down, pixel centres at (c + 0.5) / W.
    vec2 uv = vec2(0.5 + 0.5 * source.x / source.w, 0.5 - 0.5 * source.y / source.w);
    vec3 rgb = texture(color_image, uv).rgb;
    confident = low ? vec4(0.0) : vec4(rgb * w, w);
    fallback = low ? vec4(rgb * w, w) : vec4(0.0);
    winner = winner_key(w, !low, view_index);
}

#version 450 core
// Depth-aware mode, one view's samples added into the accumulators (additive blending):
// weight = IVID's source-angle term (x 1e-8 on eroded samples)
//        x target-view term: 1 / (1 + (angle / 1e-5)^2)^(sharpness / 2), angle between the target
//          ray and this view's ray through the sample (0 for the view the camera sits on)
//        x soft depth test: exp(-(r / epsilon)^2), r = relative depth behind the nearest confident
//          surface (samples beyond 3 epsilon never get here: the depth test culls them first).
// Edge and padding samples go to a separate fallback sum that only shows where nothing
// confident covers the pixel.
#include "fusion_common.glsl"

layout(early_fragment_tests) in;

in vec3 world_position;
in vec3 world_normal;
in vec2 frag_uv;
in float edge;
in float padding;
in float eroded;
in float view_depth;

layout(binding = 0) uniform sampler2D color_image;
layout(binding = 1) uniform sampler2D nearest_depth;  // linear, 0 = no confident surface
layout(binding = 3, r32ui) uniform uimage2D winner;
uniform vec3 source_camera;
uniform vec3 target_camera;
uniform int view_index;
uniform int inspected_view;
uniform float view_sharpness;
uniform float depth_epsilon;

layout(location = 0) out vec4 confident;  // (rgb*w, w)
layout(location = 1) out vec4 fallback;   // (rgb*w, w) of edge/padding samples
layout(location = 2) out vec4 aux;        // (w*depth, inspected w, inspected fallback w, 0)

const float kAngleScale = 1e-5;  // radians; below this the target-view term is ~flat

void main() {
    // The angle from the chord between unit rays: exact 0 on the source pose, accurate near 0.
    vec3 source_ray = normalize(world_position - source_camera);
    vec3 target_ray = normalize(world_position - target_camera);
    float angle = 2.0 * asin(clamp(0.5 * length(source_ray - target_ray), 0.0, 1.0));
    float a = angle / kAngleScale;
    float target_term = pow(1.0 + a * a, -0.5 * view_sharpness);
    // On (or within ~kAngleScale of) the source pose the view's own pixels are exactly what the
    // camera sees: IVID's erosion and edge rules fade out there.
    bool on_pose = target_term > 0.5;
    float w = source_angle_weight(source_camera, world_position, world_normal) * target_term;
    if (eroded >= 0.999) w *= max(1e-8, target_term);
    float surface = texelFetch(nearest_depth, ivec2(gl_FragCoord.xy), 0).r;
    if (surface > 0.0) {
        float r = max(view_depth - surface, 0.0) / (surface * depth_epsilon);
        w *= exp(-r * r);
    }
    bool low = !on_pose && (padding > 0.001 || edge > 0.999);
    vec3 rgb = texture(color_image, frag_uv).rgb;
    bool inspected = view_index == inspected_view;
    confident = low ? vec4(0.0) : vec4(rgb * w, w);
    fallback = low ? vec4(rgb * w, w) : vec4(0.0);
    aux = vec4(low ? 0.0 : w * view_depth, inspected && !low ? w : 0.0, inspected && low ? w : 0.0, 0.0);
    imageAtomicMax(winner, ivec2(gl_FragCoord.xy), winner_key(w, !low, view_index));
}

#version 450 core
// Fusion renderer: one view mesh (world-space positions and normals, IVID uv with v down, flag
// bits as a float) seen by the target camera. The flag bits are split here and interpolated as
// floats, as IVID's aggregation vertex shader does. The depth-aware blend weights that vary
// smoothly over the surface are evaluated here, per vertex (a fraction of the fragments' cost).
#include "fusion_common.glsl"

layout(location = 0) in vec3 position;
layout(location = 1) in vec2 uv;
layout(location = 2) in float flag;
layout(location = 3) in vec3 normal;

uniform mat4 view;             // world -> target camera
uniform mat4 view_projection;  // projection * view (one product, as IVID and our CPU rasteriser)
// Depth-aware weights (unused, and optimised away, in the other programs).
uniform vec3 source_camera;
uniform vec3 target_camera;
uniform float view_sharpness;

out vec3 world_position;
out vec3 world_normal;
out vec2 frag_uv;
out float edge;
out float padding;
out float eroded;
out float view_depth;  // linear depth along the target camera's axis
// A view's depth-only draw and its blend must put every fragment at the same depth (LEQUAL).
invariant gl_Position;
out float target_term;    // depth-aware: the target-view term
out float pose_closeness; // depth-aware: 1 / (1 + (angle / kAngleScale)^2), 1 on the source pose
out float vertex_weight;  // depth-aware: IVID's source-angle term x the target-view term

// Below this angle (radians) the target-view term is ~flat.
const float kAngleScale = 1e-5;

void main() {
    world_position = position;
    world_normal = normalize(normal);
    frag_uv = uv;
    edge = mod(flag, 2.0);
    padding = mod(floor(flag / 2.0), 2.0);
    eroded = mod(floor(flag / 4.0), 2.0);
    view_depth = -(view * vec4(position, 1.0)).z;
    // The angle from the chord between unit rays: exact 0 on the source pose, accurate near 0.
    vec3 source_ray = normalize(position - source_camera);
    vec3 target_ray = normalize(position - target_camera);
    float a = 2.0 * asin(clamp(0.5 * length(source_ray - target_ray), 0.0, 1.0)) / kAngleScale;
    pose_closeness = 1.0 / (1.0 + a * a);
    target_term = pow(pose_closeness, 0.5 * view_sharpness);
    vertex_weight = source_angle_weight(source_camera, position, normal) * target_term;
    gl_Position = view_projection * vec4(position, 1.0);
}

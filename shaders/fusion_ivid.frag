#version 450 core
// IVID mode, one mesh pass (IVID's aggregation.fsh): colour = NEAREST texel, alpha = the
// fragment's confidence weight. Back faces of the padding ring vanish; other back faces write
// zero weight but keep their depth (they occlude within the mesh).
#include "fusion_common.glsl"

in vec3 world_position;
in vec3 world_normal;
in vec2 frag_uv;
in float edge;
in float padding;
in float eroded;
in float view_depth;

layout(binding = 0) uniform sampler2D color_image;
uniform vec3 source_camera;

layout(location = 0) out vec4 pass_color;

void main() {
    if (!gl_FrontFacing) {
        if (padding > 0.001) discard;
        pass_color = vec4(0.0);
        return;
    }
    float w = source_angle_weight(source_camera, world_position, world_normal);
    if (eroded >= 0.999) w *= 1e-8;
    if (padding > 0.001 || edge > 0.999) w = 1e-16;
    w = max(w, 1e-16);
    pass_color = vec4(texture(color_image, frag_uv).rgb, w);
}

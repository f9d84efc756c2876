#version 450 core
// Textured view mesh; like IVID's renderers, a fragment whose interpolated discontinuity bit
// (flag value 1) exceeds 0.999 lies on a depth edge and is not a surface: it is dropped.

in vec2 frag_uv;
in float frag_flag;

layout(binding = 0) uniform sampler2D color_image;

out vec4 frag_color;

void main() {
    if (mod(frag_flag, 2.0) > 0.999) discard;
    frag_color = vec4(texture(color_image, frag_uv).rgb, 1.0);
}

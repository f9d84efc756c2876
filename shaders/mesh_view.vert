#version 450 core
// Scene viewer: one RGBD view mesh (world-space positions, IVID uv with v down, flag bits).

layout(location = 0) in vec3 position;
layout(location = 1) in vec2 uv;
layout(location = 2) in float flag;

uniform mat4 view;
uniform mat4 projection;

out vec2 frag_uv;
out float frag_flag;

void main() {
    frag_uv = uv;
    frag_flag = flag;
    gl_Position = projection * view * vec4(position, 1.0);
}

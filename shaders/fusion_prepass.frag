#version 450 core
// Depth-aware mode, pre-pass over every view's occluder triangles (depth-tested across views):
// the linear depth of the nearest sure surface. The depth buffer itself holds that depth
// pushed back by the soft test's reach, so the blend pass culls hidden samples before shading.

in float view_depth;

layout(location = 0) out float nearest_depth;

void main() {
    nearest_depth = view_depth;
}

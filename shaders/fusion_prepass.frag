#version 450 core
// Depth-aware mode, pre-pass over every view's occluder triangles (depth-tested across views):
// the linear depth of the nearest sure surface. (Also a view's depth-only draw of its own
// nearest surface, with colour writes off.)

in float view_depth;

layout(location = 0) out float nearest_depth;

void main() {
    nearest_depth = view_depth;
}

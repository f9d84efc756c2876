// Shared by the fusion shaders (included after #version).

// IVID's "low confidence" depth weight (aggregation.csh).
const float kLowConfidence = 1e-8;

// Which view won a pixel: the largest key wins (GL_MAX blending, or max in the IVID fold).
// Confident samples beat low-confidence ones; then the weight, log-scaled to 15 bits over
// [2^-150, 1] (all of float32); the low 8 bits hold view + 1 (0 = no view), so at most 255
// views. 24 bits in all: an integer a float32 holds exactly.
float winner_key(float weight, bool confident, int view) {
    float t = clamp((log2(max(weight, 1e-38)) + 150.0) / 150.0, 0.0, 1.0);
    return (confident ? 8388608.0 : 0.0) + floor(t * 32767.0) * 256.0 + float(view + 1);
}

int winner_view(float key) { return int(mod(key, 256.0)) - 1; }

// IVID's per-fragment weight from the angle between the surface normal and the direction to the
// source camera (aggregation.fsh), before the flag rules.
float source_angle_weight(vec3 source_camera, vec3 position, vec3 normal) {
    float c = clamp(dot(normalize(source_camera - position), normalize(normal)), 0.0, 1.0);
    return max(exp(max(-acos(c) * 20.0, -50.0)), 1e-4);
}

// Rendering the synthetic world exactly by CPU ray casting: colour from a few jittered rays per
// pixel (sun light with shadow rays, sky light, contact occlusion, water reflections, fog), and
// the true linear depth along the optical axis from the ray through each pixel centre.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "core/geometry/camera.hpp"
#include "core/image/image.hpp"
#include "core/scene/scene.hpp"
#include "core/scene/synth_world.hpp"

namespace ivid::synth {

struct SynthSettings {
    uint64_t seed = 0;
    std::vector<OrbitPose> poses;  // orbit cameras; |pitch| <= kMaxPitch keeps them above ground
    std::string viewset = "3x9";   // recorded in the provenance
    int image_size = 128;
    float fov_deg = 45.0f;
    float near = 0.6f;
    float far = 5.0f;
    int samples_per_pixel = 4;
};

constexpr float kMaxPitch = 0.45f;

struct SynthImage {
    ImageU8 color;  // H x W x 3
    Image depth;    // H x W x 1 linear depth
};

// One view. Pixel (r, c) is sampled like IVID's camera model (centre ((c+0.5)/N, (r+0.5)/N),
// focal 0.5/tan(fov/2)); sample_seed drives the anti-aliasing jitter.
SynthImage render_synth_view(const SynthWorld& world, const glm::mat4& modelview, int size, float fov_deg,
                             int samples_per_pixel, uint64_t sample_seed);

// The world of settings.seed seen from every pose: a Scene with ground-truth provenance.
// on_view_done (optional) is called after each view, in order, on the calling thread.
Scene render_synthetic_scene(const SynthSettings& settings, const std::function<void()>& on_view_done = {});

}  // namespace ivid::synth

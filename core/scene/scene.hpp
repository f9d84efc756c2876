// A scene: a set of RGBD views of one 3D world on IVID's orbit, with optional per-view
// condition buffers (the aggregated warped renders a view was conditioned on) and provenance.
// On disk it is a folder (see scene_io.hpp and the README's "Scene format").
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <glm/glm.hpp>
#include <nlohmann/json.hpp>

#include "core/image/image.hpp"

namespace ivid {

// The most views a scene may have, checked wherever views are made or read (synth, generate,
// scene files, the renderer): the fusion renderer keeps a view's index in 8 bits.
inline constexpr int kMaxSceneViews = 255;

// What a conditional view was conditioned on (IVID aggregate_conditions outputs).
struct ViewCondition {
    ImageU8 color;      // H x W x 3 warped colour (already multiplied by mask_rgb)
    Image depth;        // H x W x 1 LINEAR depth, 0 where mask is 0
    ImageU8 mask;       // H x W x 1, 0 or 255: depth valid
    ImageU8 mask_rgb;   // H x W x 1, 0 or 255: colour valid
};

// A view as the base models made it, before super-resolution upsampled it (kept: nothing
// generated is thrown away, and the studio shows both).
struct BaseView {
    ImageU8 color;  // base x base x 3
    Image depth;    // base x base x 1, LINEAR view depth
};

struct View {
    float yaw = 0.0f;             // radians, IVID orbit convention
    float pitch = 0.0f;
    glm::mat4 modelview{1.0f};    // world->camera
    ImageU8 color;                // H x W x 3
    Image depth;                  // H x W x 1, LINEAR view depth
    std::optional<ViewCondition> condition;
    std::optional<BaseView> base;  // set in every view of an upsampled scene, in none otherwise
};

struct ModelIdentity {
    std::string role;    // "unconditional", "conditional"
    std::string name;
    std::string sha256;  // of the checkpoint file
};

struct Provenance {
    std::string generator;            // e.g. "ivid synth" or "ivid generate"
    bool ground_truth = false;        // true: rendered from a known 3D world, not generated
    std::string date;                 // ISO 8601 UTC
    std::optional<uint64_t> seed;
    std::optional<int> class_label;
    std::vector<ModelIdentity> models;
    nlohmann::json sampler = nlohmann::json::object();  // sampler settings as given
    nlohmann::json extra = nlohmann::json::object();    // generator-specific details
};

struct Scene {
    static constexpr int kFormatVersion = 1;
    int image_size = 0;       // square views, image_size x image_size
    int base_image_size = 0;  // upsampled scenes: the size of View::base; 0 for others
    float fov_deg = 45.0f;
    float near = 0.6f;        // depth range of the views (IVID: 0.6 / 5)
    float far = 5.0f;
    std::vector<View> views;
    Provenance provenance;
};

}  // namespace ivid

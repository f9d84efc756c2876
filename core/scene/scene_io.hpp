// Scene folders: scene.json + per-view colour PNG, depth EXR, optional condition buffers and,
// in an upsampled scene, the base-resolution views (README "Scene format").
#pragma once

#include <filesystem>

#include "core/scene/scene.hpp"

namespace ivid {

// Loads and validates everything (every file decoded, sizes and keys checked). Throws Error
// naming the file, key, expected and found value. Views are image_size square; an upsampled
// scene (base_image_size > 0, smaller than image_size) has base images in every view, and its
// condition buffers are base_image_size square. Scenes without "base_image_size" load with 0.
Scene load_scene(const std::filesystem::path& dir);

// Checks the same invariants as load_scene before writing anything, then writes atomically: into
// a temporary sibling folder, then renamed to `dir`. An existing `dir` is an error unless
// overwrite; nothing half-written is left behind on failure.
void save_scene(const Scene& scene, const std::filesystem::path& dir, bool overwrite);

// The provenance as stored in scene.json ("provenance" object), e.g. for `ivid info --json`.
nlohmann::json provenance_to_json(const Provenance& provenance);

}  // namespace ivid

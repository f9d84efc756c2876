// Scene folders: scene.json + per-view colour PNG, depth EXR and optional condition buffers.
#pragma once

#include <filesystem>

#include "core/scene/scene.hpp"

namespace ivid {

// Loads and validates everything (every file decoded, sizes and keys checked). Throws Error
// naming the file, key, expected and found value.
Scene load_scene(const std::filesystem::path& dir);

// Writes atomically: into a temporary sibling folder, then renamed to `dir`. An existing `dir`
// is an error unless overwrite; nothing half-written is left behind on failure.
void save_scene(const Scene& scene, const std::filesystem::path& dir, bool overwrite);

// The provenance as stored in scene.json ("provenance" object), e.g. for `ivid info --json`.
nlohmann::json provenance_to_json(const Provenance& provenance);

}  // namespace ivid

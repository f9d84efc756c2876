// How the views of a scene are meshed for viewing (IVID's render.py --atol, --rtol, --erode_rgb):
// the depth-discontinuity tolerances that cut a view's mesh at depth edges, and the erosion of
// colour near them. A scene is best viewed with the values it was generated with (recorded in its
// provenance), since the conditional model saw the views meshed that way; else IVID's defaults.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "core/scene/scene.hpp"

namespace ivid {

struct MeshingTolerances {
    float atol = 0.03f;  // depth-edge tolerances (z-buffer units), IVID's render.py defaults
    float rtol = 0.03f;
    int erode_rgb = 3;   // colour-mask erosion kernel 2 * erode_rgb - 1
};

// Throws Error naming `source` and the value when a tolerance is negative or not finite, or
// erode_rgb is outside 1..16.
void validate(const MeshingTolerances& tolerances, const std::string& source);

// The scene's provenance "extra.aggregation" {atol, rtol, erode_rgb} (what `ivid generate`
// records), each key that is missing taking IVID's default; IVID's defaults for scenes without it
// (e.g. synthetic ground truth). Recorded values that are out of range are an Error naming the key.
MeshingTolerances meshing_from_provenance(const Scene& scene);

// Where meshing_from_provenance's values come from: "the scene's provenance" or "IVID's defaults".
std::string meshing_source(const Scene& scene);

nlohmann::json to_json(const MeshingTolerances& tolerances);

}  // namespace ivid

// A scene as glTF 2.0 binary: the views' surfaces (view_surface.hpp) as vertex-coloured meshes
// with an unlit double-sided material (KHR_materials_unlit: the colours are the pixels, no
// lighting), one node per view or one merged mesh; the viewset's cameras as perspective cameras;
// and optionally a trajectory as an animated camera (one key per frame at the export's frame
// rate, linear interpolation). Axes and units: export_conventions.hpp.
#pragma once

#include <string>
#include <vector>

#include <glm/glm.hpp>

#include "core/geometry/camera.hpp"
#include "core/scene/scene.hpp"
#include "core/scene/scene_meshing.hpp"

namespace ivid {

struct GltfExportSettings {
    MeshingTolerances meshing;
    bool merge_views = false;            // one mesh for all views instead of a node per view
    bool cameras = true;                 // a camera node per view
    std::vector<OrbitPose> trajectory;   // an animated camera node when not empty
    float fps = 30.0f;                   // trajectory frame rate
};

// What the file holds, for reports and for checking what a reader imported.
struct GltfExportSummary {
    size_t vertices = 0;
    size_t triangles = 0;
    int meshes = 0;
    int cameras = 0;        // view cameras plus the trajectory camera
    int animation_keys = 0;
    glm::vec3 min{0.0f}, max{0.0f};  // bounds of every vertex
};

// The .glb bytes; throws Error when the scene has no surface left to export.
std::string scene_glb(const Scene& scene, const GltfExportSettings& settings, GltfExportSummary* summary = nullptr);

}  // namespace ivid

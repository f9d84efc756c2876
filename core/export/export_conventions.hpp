// Every convention the exports share, in one place (the README's "Conventions" picture says the same).
//
// World: IVID's, right-handed, +y up, in scene units (the view cameras orbit the origin at radius 1).
// Cameras: look down their own -z axis with +y up (OpenGL). glTF and nerfstudio use the same camera
// axes, so a view's camera-to-world matrix (the inverse of its modelview) is written unchanged;
// Blender's glTF importer turns +y up into its +z up itself.
// Depth: z-depth, the distance along the camera's viewing axis (not along the ray), in scene units.
// Millimetre files (16-bit PNG) read one scene unit as one metre; 0 means "no depth".
// Colour: the views' 8-bit sRGB values; glTF vertex colours are linear, so they are converted.
#pragma once

#include <cstdint>

#include <glm/glm.hpp>

namespace ivid {

// A pinhole camera as nerfstudio's OPENCV model names it (no distortion), pixels.
struct PinholeIntrinsics {
    double fl_x = 0.0, fl_y = 0.0;
    double cx = 0.0, cy = 0.0;
    int width = 0, height = 0;
};

// The camera-to-world matrix of a rigid world-to-camera ("modelview") matrix, in double.
glm::dmat4 camera_to_world(const glm::mat4& modelview);

// Square pixels, principal point at the image centre, `fov_deg` the vertical field of view.
PinholeIntrinsics pinhole_intrinsics(double fov_deg, int width, int height);

// Vertical field of view (degrees) of a focal length in pixels for an image `height` pixels tall.
double fov_from_focal(double focal_px, int height);

// The side of one pixel, in scene units, on a fronto-parallel surface at z-depth `depth`.
double pixel_footprint(double fov_deg, int height, double depth);

// sRGB 8-bit value to linear [0, 1] (IEC 61966-2-1).
float srgb_to_linear(uint8_t value);

inline constexpr double kMillimetresPerSceneUnit = 1000.0;
// The deepest z-depth a 16-bit millimetre PNG holds (65.535 scene units).
inline constexpr double kMaxMillimetreDepth = 65535.0 / kMillimetresPerSceneUnit;

// z-depth in scene units to 16-bit millimetres, rounded; 0 for depths that are not positive and
// finite. Throws Error naming the value when it is deeper than kMaxMillimetreDepth.
uint16_t depth_to_millimetres(float depth);

}  // namespace ivid

#include "core/export/export_conventions.hpp"

#include <cmath>
#include <string>

#include "core/util/error.hpp"

namespace ivid {

glm::dmat4 camera_to_world(const glm::mat4& modelview) {
    // A rigid inverse (R^T, -R^T t), so the last row stays exactly 0 0 0 1.
    const glm::dmat3 rt = glm::transpose(glm::dmat3(glm::dmat4(modelview)));
    glm::dmat4 c2w(rt);
    c2w[3] = glm::dvec4(-(rt * glm::dvec3(glm::dmat4(modelview)[3])), 1.0);
    return c2w;
}

PinholeIntrinsics pinhole_intrinsics(double fov_deg, int width, int height) {
    PinholeIntrinsics k;
    k.fl_y = 0.5 * height / std::tan(0.5 * fov_deg * M_PI / 180.0);
    k.fl_x = k.fl_y;
    k.cx = 0.5 * width;
    k.cy = 0.5 * height;
    k.width = width;
    k.height = height;
    return k;
}

double fov_from_focal(double focal_px, int height) {
    return 2.0 * std::atan(0.5 * height / focal_px) * 180.0 / M_PI;
}

double pixel_footprint(double fov_deg, int height, double depth) {
    return depth * 2.0 * std::tan(0.5 * fov_deg * M_PI / 180.0) / height;
}

float srgb_to_linear(uint8_t value) {
    const double c = value / 255.0;
    return float(c <= 0.04045 ? c / 12.92 : std::pow((c + 0.055) / 1.055, 2.4));
}

uint16_t depth_to_millimetres(float depth) {
    if (!std::isfinite(depth) || depth <= 0.0f) return 0;
    const long mm = std::lround(double(depth) * kMillimetresPerSceneUnit);
    if (mm > 65535) throw Error::at("16-bit millimetre depth", "depth", "at most 65.535 scene units", std::to_string(depth));
    return uint16_t(mm);
}

}  // namespace ivid

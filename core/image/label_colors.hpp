// Distinct colours for small integer labels (which source view won a pixel): the Inspector's
// "which view won" map and the matching swatches in the Scene panel's view list.
#pragma once

#include <array>
#include <cstdint>

#include "core/image/image.hpp"

namespace ivid {

// Hues spread by the golden angle, so neighbouring labels differ strongly; label < 0 (no view)
// is black. Fully saturated at value 0.95 and 0.75 alternating with the label's parity.
std::array<uint8_t, 3> label_color(int label);

// RGB image of label_color for each pixel of a one-channel label image.
ImageU8 colorize_labels(const ImageT<int32_t>& labels);

}  // namespace ivid

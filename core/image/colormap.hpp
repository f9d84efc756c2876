// Colormaps for showing scalar buffers (depth, blend weights): turbo, viridis and grey, and
// colourising a one-channel image over a chosen value range with an optional validity mask.
// Turbo and viridis are the published 256-entry tables (Google's turbo, matplotlib's viridis) as
// OpenCV ships them in 8 bit; a value v maps to t = (v - lo) / (hi - lo) clamped to [0, 1], so lo
// gets the map's first colour (turbo: dark blue, viridis: purple, grey: black) and hi its last.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include "core/image/image.hpp"
#include "core/util/enum_names.hpp"

namespace ivid {

enum class Colormap { Turbo, Viridis, Grey };
inline constexpr EnumName<Colormap> kColormapNames[] = {
    {Colormap::Turbo, "turbo"}, {Colormap::Viridis, "viridis"}, {Colormap::Grey, "grey"}};

// "turbo", "viridis", "grey"; anything else is an Error naming the value and the choices.
Colormap parse_colormap(const std::string& name);
std::string colormap_name(Colormap map);

// The colour at t in [0, 1] (clamped; NaN counts as 0), RGB in [0, 1], interpolated linearly
// between table entries (entry i sits at t = i / 255).
std::array<float, 3> colormap_rgb(Colormap map, float t);

// Values mapped onto the colormap's ends.
struct ValueRange {
    float lo = 0.0f;
    float hi = 1.0f;
};

// Pixels without data (mask 0 or a non-finite value) are shown in this colour.
constexpr std::array<uint8_t, 3> kNoDataColor{0, 0, 0};

// Maps the first channel of `values` through the colormap over `range` (clamped at the ends; lo >
// hi reverses the map, lo == hi is a step at lo) to the nearest table entry.
// `valid` (optional, H x W x 1) marks pixels with data; Error when its size differs.
ImageU8 colorize(const Image& values, Colormap map, ValueRange range, const ImageU8* valid = nullptr);

// The min and max of the finite values where `valid` (optional) is set; {0, 1} when none.
ValueRange finite_range(const Image& values, const ImageU8* valid = nullptr);

}  // namespace ivid

// Contact sheets: images laid out in rows (sample grids, README figures).
#pragma once

#include <vector>

#include "core/image/image.hpp"

namespace ivid {

// rows[r][c] at row r, column c, separated by `gap` pixels of `background`. All images must be
// RGB with the same size (Error otherwise); short rows leave background.
ImageU8 image_grid(const std::vector<std::vector<ImageU8>>& rows, int gap = 2, uint8_t background = 255);

}  // namespace ivid

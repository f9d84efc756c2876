#include "core/image/image_grid.hpp"

#include <algorithm>
#include <string>

#include "core/util/error.hpp"

namespace ivid {

ImageU8 image_grid(const std::vector<std::vector<ImageU8>>& rows, int gap, uint8_t background) {
    const ImageU8* first = nullptr;
    size_t columns = 0;
    for (const auto& row : rows) {
        columns = std::max(columns, row.size());
        if (!first && !row.empty()) first = &row.front();
    }
    if (!first) throw Error("image_grid: no images");
    const int w = first->width, h = first->height;
    ImageU8 grid(int(columns) * (w + gap) - gap, int(rows.size()) * (h + gap) - gap, 3, background);
    for (size_t r = 0; r < rows.size(); ++r)
        for (size_t c = 0; c < rows[r].size(); ++c) {
            const ImageU8& img = rows[r][c];
            if (img.width != w || img.height != h || img.channels != 3)
                throw Error("image_grid: image " + std::to_string(r) + "," + std::to_string(c) + " is " +
                            std::to_string(img.width) + "x" + std::to_string(img.height) + "x" +
                            std::to_string(img.channels) + ", expected " + std::to_string(w) + "x" +
                            std::to_string(h) + "x3");
            for (int y = 0; y < h; ++y)
                std::copy(img.row_ptr(y), img.row_ptr(y) + w * 3,
                          grid.row_ptr(int(r) * (h + gap) + y) + int(c) * (w + gap) * 3);
        }
    return grid;
}

}  // namespace ivid

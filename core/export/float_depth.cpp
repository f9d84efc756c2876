#include "core/export/float_depth.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <string>

#include "core/export/export_conventions.hpp"
#include "core/image/exr_depth.hpp"
#include "core/image/image_io.hpp"
#include "core/util/atomic_file.hpp"

namespace ivid {

ImageT<uint16_t> depth_millimetres(const Image& depth) {
    ImageT<uint16_t> mm(depth.width, depth.height, 1);
    for (size_t i = 0; i < depth.data.size(); ++i) mm.data[i] = depth_to_millimetres(depth.data[i]);
    return mm;
}

FloatDepthSummary write_view_depths(const Scene& scene, const std::filesystem::path& folder, bool overwrite) {
    FloatDepthSummary summary;
    bool any = false;
    for (const View& view : scene.views)
        for (const float d : view.depth.data) {
            if (!(d > 0.0f) || !std::isfinite(d)) continue;
            summary.min_depth = any ? std::min(summary.min_depth, d) : d;
            summary.max_depth = any ? std::max(summary.max_depth, d) : d;
            any = true;
        }
    write_folder_atomically(folder, overwrite, [&](const std::filesystem::path& tmp) {
        for (int v = 0; v < int(scene.views.size()); ++v) {
            char stem[32];
            std::snprintf(stem, sizeof(stem), "view_%03d", v);
            const Image& depth = scene.views[size_t(v)].depth;
            write_exr_z(tmp / (std::string(stem) + ".exr"), depth);
            write_png16(tmp / (std::string(stem) + "_mm.png"), depth_millimetres(depth));
            summary.files += 2;
        }
    });
    return summary;
}

}  // namespace ivid

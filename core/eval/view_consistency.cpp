#include "core/eval/view_consistency.hpp"

#include <algorithm>
#include <cmath>

#include "core/geometry/rgbd_mesh.hpp"
#include "core/image/metrics.hpp"
#include "core/raster/simple_renderer.hpp"
#include "core/util/error.hpp"

namespace ivid::eval {
namespace {

float yaw_gap(float a, float b) {
    const float d = std::fmod(std::abs(a - b), 6.2831853f);
    return std::min(d, 6.2831853f - d);
}

}  // namespace

ConsistencyScore view_consistency(const Scene& scene, float max_step) {
    const int n = scene.image_size;
    // Meshed like the generator meshes views for aggregation (IVID's discontinuity tolerances),
    // so surfaces torn at depth edges are not bridged.
    MeshOptions options;
    options.fov_deg = scene.fov_deg;
    options.atol = 0.03f;
    options.rtol = 0.03f;
    const SimpleRenderer renderer({n, 0.01f, 200.0f});
    ConsistencyScore score;
    double psnr_sum = 0.0, absrel_sum = 0.0;
    int psnr_pairs = 0;
    for (size_t i = 0; i < scene.views.size(); ++i) {
        const View& source = scene.views[i];
        const RgbdMesh mesh = depth_to_mesh(source.depth, options, source.modelview);
        const Image texture = from_u8(source.color);
        for (size_t j = 0; j < scene.views.size(); ++j) {
            const View& target = scene.views[j];
            if (i == j || yaw_gap(source.yaw, target.yaw) > max_step || std::abs(source.pitch - target.pitch) > max_step)
                continue;
            const SimpleRenderResult r = renderer.render(mesh, texture, target.modelview, scene.fov_deg);
            const Image truth = from_u8(target.color);
            const double absrel = depth_abs_rel(r.depth, target.depth, &r.mask);
            const double p = psnr(r.color, truth, 1.0, &r.mask);
            if (std::isnan(absrel)) continue;  // nothing of the source is visible in the target
            score.per_pair.push_back({int(i), int(j), absrel, p});
            absrel_sum += absrel;
            ++score.pairs;
            if (std::isfinite(p)) {
                psnr_sum += p;
                ++psnr_pairs;
            }
        }
    }
    if (score.pairs == 0)
        throw Error("view_consistency: no neighbouring views (yaw and pitch within " + std::to_string(max_step) +
                    " rad) see each other");
    score.depth_abs_rel = absrel_sum / score.pairs;
    score.psnr = psnr_pairs ? psnr_sum / psnr_pairs : std::numeric_limits<double>::infinity();
    return score;
}

}  // namespace ivid::eval

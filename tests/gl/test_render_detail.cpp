// Rendering at the scene's own detail (FusionRenderSettings::max_detail): the render size the
// rule picks (stats), the frame upscaled from it against the frame rendered at the output size,
// the modes and settings it leaves alone, the auxiliary outputs at the output size, bad input.
#include <doctest/doctest.h>

#include <cmath>
#include <string>

#include "core/geometry/camera.hpp"
#include "core/image/metrics.hpp"
#include "core/util/error.hpp"
#include "render/fusion_renderer.hpp"
#include "render/headless_context.hpp"
#include "tests/gl/synthetic_scene.hpp"

namespace {

struct Rendered {
    ivid::Image color;
    ivid::FusionFrameStats stats;
};

Rendered render(ivid::FusionRenderer& renderer, int size, const ivid::FusionRenderSettings& settings) {
    // Between the front view and the next one: every view's pixels are resampled.
    const glm::mat4 pose = ivid::orbit_modelview({0.15f, 0.05f, 1.0f});
    renderer.render(pose, size, size, settings);
    return {renderer.read_color(), renderer.stats()};
}

}  // namespace

TEST_CASE("max_detail: a 4x larger frame is rendered at 2x the views' pixels and upscaled") {
    static const ivid::HeadlessContext context;
    const ivid::Scene scene = ivid::test::make_synthetic_scene(64);
    ivid::FusionRenderer renderer;
    renderer.set_scene(scene);
    ivid::FusionRenderSettings settings;
    settings.fov_deg = scene.fov_deg;
    CHECK(settings.max_detail == 1.5f);  // the default
    settings.max_detail = 2.0f;

    // 256² at the views' field of view is 4 output pixels per view pixel: rendered at 128².
    const Rendered fast = render(renderer, 256, settings);
    CHECK(fast.stats.render_width == 128);
    CHECK(fast.stats.render_height == 128);
    CHECK(fast.color.width == 256);
    // Every output is at the output size.
    CHECK(renderer.read_depth().width == 256);
    CHECK(renderer.read_winner().width == 256);
    CHECK(renderer.read_mask_color().width == 256);

    settings.max_detail = 0.0f;
    const Rendered exact = render(renderer, 256, settings);
    CHECK(exact.stats.render_width == 256);
    const double score = ivid::psnr(fast.color, exact.color);
    MESSAGE("256² upscaled from 128² vs rendered at 256²: " << score << " dB");
    // The views hold 64² pixels: rendering 2 pixels per view pixel loses sharpness at edges and
    // in the checkers, a few view pixels wide here (a worst case: 40 dB on the synthetic scenes,
    // README). Measured 30.5 dB; with the upscale shifted by half a detail pixel, 20.7 dB.
    CHECK(score >= 28.0);

    // Up to 2 output pixels per view pixel nothing changes: 128² is rendered at 128².
    settings.max_detail = 2.0f;
    CHECK(render(renderer, 128, settings).stats.render_width == 128);
    // A narrower field of view magnifies: 4 output pixels per view pixel again at 128².
    settings.fov_deg = 0.5f * scene.fov_deg;
    CHECK(render(renderer, 128, settings).stats.render_width < 128);
}

TEST_CASE("max_detail leaves IVID mode and supersampled frames at their full size") {
    static const ivid::HeadlessContext context;
    const ivid::Scene scene = ivid::test::make_synthetic_scene(64);
    ivid::FusionRenderer renderer;
    renderer.set_scene(scene);
    ivid::FusionRenderSettings settings;
    settings.blend_mode = ivid::BlendMode::Ivid;
    CHECK(render(renderer, 256, settings).stats.render_width == 256);
    settings.blend_mode = ivid::BlendMode::DepthAware;
    settings.supersampling = 2;
    CHECK(render(renderer, 256, settings).stats.render_width == 512);
}

TEST_CASE("max_detail: JSON round trip, default 1.5, errors naming the key") {
    ivid::FusionRenderSettings s;
    s.max_detail = 3.0f;
    CHECK(nlohmann::json(s).get<ivid::FusionRenderSettings>().max_detail == 3.0f);
    CHECK(nlohmann::json::object().get<ivid::FusionRenderSettings>().max_detail == 1.5f);
    const auto error_for = [](const nlohmann::json& json) {
        try {
            (void)json.get<ivid::FusionRenderSettings>();
        } catch (const ivid::Error& e) {
            return std::string(e.what());
        }
        return std::string();
    };
    CHECK(error_for({{"max_detail", -1}}).find("max_detail: expected >= 0") != std::string::npos);
    CHECK(error_for({{"max_detail", "2"}}).find("max_detail") != std::string::npos);
}

// FusionRenderer tests (GL, headless through EGL or a hidden window): IVID mode against the CPU
// AggregationRenderer on a synthetic ground-truth scene, depth-aware mode reproducing a view from
// its own pose and rejecting samples hidden behind a nearer confident surface, supersampling,
// blend-weight shares, drawing only the views nearest the camera, settings JSON and bad input.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <string>
#include <tuple>
#include <vector>

#include "core/geometry/camera.hpp"
#include "core/raster/aggregation_renderer.hpp"
#include "core/scene/synth_render.hpp"
#include "core/util/error.hpp"
#include "render/fusion_renderer.hpp"
#include "render/fusion_view_selection.hpp"
#include "render/headless_context.hpp"
#include "render/scene_gpu.hpp"
#include "tests/test_support.hpp"

namespace {

using ivid::Image;

ivid::HeadlessContext& context() {
    static ivid::HeadlessContext headless;
    return headless;
}

// seed 13's world seen from 3x9 viewset poses 0 (front), 3 (yaw +0.15), 6 (yaw -0.15) and 1
// (pitch +0.15), 64 x 64.
const ivid::Scene& synthetic_scene() {
    static const ivid::Scene scene = [] {
        ivid::synth::SynthSettings s;
        s.seed = 13;
        const auto viewset = ivid::viewset_3x9();
        s.poses = {viewset[0], viewset[3], viewset[6], viewset[1]};
        s.image_size = 64;
        s.samples_per_pixel = 1;
        return ivid::synth::render_synthetic_scene(s);
    }();
    return scene;
}

// A scene of constant-depth views (fronto-parallel planes) at the front pose, one flat colour each.
ivid::Scene plane_scene(const std::vector<std::pair<float, glm::u8vec3>>& planes, int size = 32) {
    ivid::Scene scene;
    scene.image_size = size;
    for (const auto& [depth, color] : planes) {
        ivid::View view;
        view.modelview = ivid::orbit_modelview({});
        view.depth = Image(size, size, 1, depth);
        view.color = ivid::ImageU8(size, size, 3);
        for (size_t p = 0; p < view.color.pixel_count(); ++p)
            for (int c = 0; c < 3; ++c) view.color.data[3 * p + c] = color[c];
        scene.views.push_back(std::move(view));
    }
    return scene;
}

struct Agreement {
    double mask = 0.0;       // fraction of pixels where the masks agree
    double color_mae = 0.0;  // over pixels set in both masks
    double depth_rel = 0.0;  // mean relative depth error, same pixels
};

Agreement agreement(const Image& ref_color, const Image& color, const Image& ref_depth, const Image& depth,
                    const Image& ref_mask, const Image& mask) {
    Agreement a;
    size_t agree = 0, both = 0;
    double color_sum = 0.0, depth_sum = 0.0;
    for (size_t p = 0; p < ref_mask.pixel_count(); ++p) {
        const bool r = ref_mask.data[p] > 0.5f, o = mask.data[p] > 0.5f;
        agree += r == o;
        if (!(r && o)) continue;
        ++both;
        for (int c = 0; c < 3; ++c) color_sum += std::fabs(ref_color.data[3 * p + c] - color.data[3 * p + c]);
        depth_sum += std::fabs(ref_depth.data[p] - depth.data[p]) / ref_depth.data[p];
    }
    a.mask = double(agree) / double(ref_mask.pixel_count());
    a.color_mae = both ? color_sum / (3.0 * double(both)) : 1.0;
    a.depth_rel = both ? depth_sum / double(both) : 1.0;
    return a;
}

double fraction_set(const Image& mask) {
    size_t set = 0;
    for (float v : mask.data) set += v > 0.5f;
    return double(set) / double(mask.pixel_count());
}

// The synthetic scene uploaded into a renderer.
struct SyntheticRender {
    const ivid::Scene& scene = (context(), synthetic_scene());
    ivid::FusionRenderer renderer;
    SyntheticRender() { renderer.set_scene(scene); }
};

}  // namespace

TEST_CASE_FIXTURE(SyntheticRender, "IVID mode matches the CPU AggregationRenderer on a synthetic scene") {
    ivid::FusionRenderSettings settings;
    settings.blend_mode = ivid::BlendMode::Ivid;

    std::vector<ivid::RgbdMesh> meshes;
    std::vector<Image> colors;
    for (const ivid::View& v : scene.views) {
        meshes.push_back(ivid::depth_to_mesh(v.depth, ivid::load_scene_mesh_options(scene.fov_deg, renderer.meshing()), v.modelview));
        colors.push_back(ivid::from_u8(v.color));
    }
    constexpr int kSize = 128;
    const ivid::AggregationRenderer cpu({kSize, ivid::kFusionNear, ivid::kFusionFar});
    // Between the views and beyond them.
    for (const ivid::OrbitPose& pose : {ivid::OrbitPose{0.07f, 0.05f}, ivid::OrbitPose{-0.3f, -0.1f, 0.9f}}) {
        const glm::mat4 modelview = ivid::orbit_modelview(pose);
        renderer.render(modelview, kSize, kSize, settings);
        const ivid::AggregationResult ref = cpu.render(meshes, colors, modelview, scene.fov_deg);
        const Image color = renderer.read_color(), depth = renderer.read_depth();
        const Agreement c = agreement(ref.color, color, ref.depth, depth, ref.mask_color, renderer.read_mask_color());
        const Agreement d = agreement(ref.color, color, ref.depth, depth, ref.mask_depth, renderer.read_mask_depth());
        MESSAGE("yaw " << pose.yaw << ": mask_color agreement " << c.mask << ", colour MAE " << c.color_mae
                       << ", mask_depth agreement " << d.mask << ", depth rel error " << d.depth_rel);
        CHECK(fraction_set(ref.mask_depth) > 0.5);  // a real comparison, not of empty frames
        CHECK(c.mask >= 0.99);
        CHECK(c.color_mae <= 0.01);
        CHECK(d.mask >= 0.99);
        CHECK(d.depth_rel <= 0.002);
        CHECK(renderer.stats().views_drawn == 4);
    }
}

TEST_CASE_FIXTURE(SyntheticRender, "depth-aware mode reproduces a view when the camera sits on its pose") {
    const ivid::FusionRenderSettings settings;  // depth-aware is the default
    REQUIRE(settings.blend_mode == ivid::BlendMode::DepthAware);
    for (int v = 0; v < int(scene.views.size()); ++v) {
        renderer.render(scene.views[size_t(v)].modelview, scene.image_size, scene.image_size, settings);
        const Image color = renderer.read_color(), mask = renderer.read_mask_color();
        const Image reference = ivid::from_u8(scene.views[size_t(v)].color);
        const ivid::ImageT<int32_t> winner = renderer.read_winner();
        double error = 0.0, max_error = 0.0;
        size_t covered = 0, won = 0;
        for (size_t p = 0; p < mask.pixel_count(); ++p) {
            if (mask.data[p] < 0.5f) continue;
            ++covered;
            won += winner.data[p] == v;
            for (int c = 0; c < 3; ++c) {
                const double e = std::fabs(color.data[3 * p + c] - reference.data[3 * p + c]);
                error += e;
                max_error = std::max(max_error, e);
            }
        }
        const double coverage = double(covered) / double(mask.pixel_count());
        const double mae = error / (3.0 * double(covered));
        MESSAGE("view " << v << ": confident coverage " << coverage << ", colour MAE " << mae << ", max error "
                        << max_error << ", own view wins " << double(won) / double(covered));
        CHECK(coverage >= 0.9);
        CHECK(mae <= 1.0 / 255.0);
        CHECK(double(won) / double(covered) >= 0.99);
    }
}

TEST_CASE_FIXTURE(SyntheticRender, "max_views: all views (0, or as many as the scene has) is the full blend, bit for bit") {
    ivid::FusionRenderSettings settings;
    const glm::mat4 modelview = ivid::orbit_modelview({0.07f, 0.05f, 0.95f});
    const auto frame = [&](int max_views) {
        settings.max_views = max_views;
        renderer.render(modelview, 48, 40, settings, /*inspected_view=*/2);
        return std::tuple{renderer.read_color(), renderer.read_depth(), renderer.read_winner().data,
                          renderer.read_view_weight(), renderer.stats().views_drawn};
    };
    const auto all = frame(0);
    CHECK(std::get<4>(all) == 4);
    for (const int max_views : {4, 5, 255}) {
        INFO("max_views " << max_views);
        const auto same = frame(max_views);
        CHECK(std::get<0>(same).data == std::get<0>(all).data);
        CHECK(std::get<1>(same).data == std::get<1>(all).data);
        CHECK(std::get<2>(same) == std::get<2>(all));
        CHECK(std::get<3>(same).data == std::get<3>(all).data);
        CHECK(std::get<4>(same) == 4);
    }
    // Fewer views: a different frame, blended from as many views.
    const auto two = frame(2);
    CHECK(std::get<4>(two) == 2);
    CHECK(std::get<0>(two).data != std::get<0>(all).data);
    const glm::mat4 projection = ivid::perspective(scene.fov_deg, 48.0f / 40.0f, ivid::kFusionNear, ivid::kFusionFar);
    const std::vector<int> nearest =
        ivid::select_views(ivid::source_cameras(scene, ivid::kFusionNear, ivid::kFusionFar), {0, 1, 2, 3}, modelview,
                           projection, ivid::scene_focus(scene), 2);
    size_t foreign = 0;
    for (const int32_t won : std::get<2>(two))
        foreign += won != -1 && std::find(nearest.begin(), nearest.end(), won) == nearest.end();
    CHECK(foreign == 0);
}

TEST_CASE_FIXTURE(SyntheticRender, "max_views 1: a camera on a generated pose shows that view, as with all views") {
    ivid::FusionRenderSettings one, all;
    one.max_views = 1;
    all.max_views = 0;
    for (int v = 0; v < int(scene.views.size()); ++v) {
        const glm::mat4& pose = scene.views[size_t(v)].modelview;
        renderer.render(pose, scene.image_size, scene.image_size, all);
        const Image direct = renderer.read_color(), direct_mask = renderer.read_mask_color();
        renderer.render(pose, scene.image_size, scene.image_size, one);
        CHECK(renderer.stats().views_drawn == 1);
        const Image color = renderer.read_color(), mask = renderer.read_mask_color();
        const Image source = ivid::from_u8(scene.views[size_t(v)].color);
        const ivid::ImageT<int32_t> winner = renderer.read_winner();
        double to_source = 0.0, to_direct = 0.0;
        size_t covered = 0, won = 0, masks_agree = 0;
        for (size_t p = 0; p < mask.pixel_count(); ++p) {
            masks_agree += (mask.data[p] > 0.5f) == (direct_mask.data[p] > 0.5f);
            if (mask.data[p] < 0.5f) continue;
            ++covered;
            won += winner.data[p] == v;
            for (int c = 0; c < 3; ++c) {
                to_source += std::fabs(color.data[3 * p + c] - source.data[3 * p + c]);
                to_direct += std::fabs(color.data[3 * p + c] - direct.data[3 * p + c]);
            }
        }
        const double coverage = double(covered) / double(mask.pixel_count());
        MESSAGE("view " << v << ": coverage " << coverage << ", MAE to the view " << to_source / (3.0 * covered)
                        << ", to the all-views frame " << to_direct / (3.0 * covered) << ", masks agree "
                        << double(masks_agree) / double(mask.pixel_count()));
        CHECK(coverage >= 0.9);
        CHECK(won == covered);
        CHECK(to_source / (3.0 * double(covered)) <= 1.0 / 255.0);
        CHECK(to_direct / (3.0 * double(covered)) <= 1.0 / 255.0);
        CHECK(double(masks_agree) / double(mask.pixel_count()) >= 0.99);
    }
}

TEST_CASE("view selection: the views that see the frame at the smallest angles") {
    // 3x9 viewset cameras at radius 1 around the origin, each seeing a plane 1 away: focus = origin.
    ivid::Scene scene;
    scene.image_size = 4;
    for (const ivid::OrbitPose& pose : ivid::viewset_3x9()) {
        ivid::View view;
        view.modelview = ivid::orbit_modelview(pose);
        view.depth = Image(4, 4, 1, 1.0f);
        scene.views.push_back(view);
    }
    const glm::vec3 focus = ivid::scene_focus(scene);
    CHECK(glm::length(focus) < 1e-5f);
    CHECK(ivid::scene_focus(ivid::Scene{}) == glm::vec3(0.0f));
    const std::vector<ivid::SourceCamera> sources = ivid::source_cameras(scene, ivid::kFusionNear, ivid::kFusionFar);
    REQUIRE(sources.size() == 27);
    CHECK(glm::distance(sources[3].centre, ivid::orbit_eye(ivid::viewset_3x9()[3])) < 1e-5f);

    std::vector<int> all(27);
    for (int i = 0; i < 27; ++i) all[size_t(i)] = i;
    const glm::mat4 square = ivid::perspective(45.0f, 1.0f, ivid::kFusionNear, ivid::kFusionFar);
    // viewset_3x9 order: yaw 0, +0.15, -0.15, +0.3, ... each with pitch 0, +0.15, -0.15. A camera
    // on pose 3 (yaw 0.15) or next to it: view 3 sees every point at the smallest angle.
    for (const ivid::OrbitPose& pose : {ivid::viewset_3x9()[3], ivid::OrbitPose{0.16f, 0.01f}})
        CHECK(ivid::select_views(sources, all, ivid::orbit_modelview(pose), square, focus, 1) == std::vector<int>{3});
    // At yaw 0.075 (midway between views 0 and 3), pitch 0.01: those two win the frame.
    CHECK(ivid::select_views(sources, all, ivid::orbit_modelview({0.075f, 0.01f}), square, focus, 2) ==
          std::vector<int>{0, 3});
    // Only among the candidates; all of them for count 0 or >= their number.
    const glm::mat4 target = ivid::orbit_modelview({0.16f, 0.0f, 0.8f});
    CHECK(ivid::select_views(sources, {0, 9, 20}, target, square, focus, 0) == std::vector<int>{0, 9, 20});
    CHECK(ivid::select_views(sources, {0, 9, 20}, target, square, focus, 3) == std::vector<int>{0, 9, 20});
    CHECK(ivid::select_views(sources, {0, 9, 20}, target, square, focus, 2) == std::vector<int>{0, 9});
    // Ties (views on one pose) go to the lower index.
    CHECK(ivid::select_views({sources[3], sources[0], sources[3]}, {0, 1, 2}, ivid::orbit_modelview({0.15f, 0.0f}),
                             square, focus, 1) == std::vector<int>{0});

    // Coverage beats closeness: two views close to the target's direction but near the focus
    // (radius 0.3) see only the middle of its frame; a view posed farther out (yaw 0.4) sees the
    // rest, so with two views drawn it replaces the second close one.
    ivid::Scene close;
    close.image_size = 4;
    for (const ivid::OrbitPose& pose : {ivid::OrbitPose{0.01f, 0.0f, 0.3f}, ivid::OrbitPose{0.02f, 0.0f, 0.3f},
                                        ivid::OrbitPose{0.4f, 0.0f, 1.0f}}) {
        ivid::View view;
        view.modelview = ivid::orbit_modelview(pose);
        close.views.push_back(view);
    }
    const auto close_sources = ivid::source_cameras(close, ivid::kFusionNear, ivid::kFusionFar);
    const glm::mat4 front = ivid::orbit_modelview({});
    CHECK(ivid::select_views(close_sources, {0, 1, 2}, front, square, focus, 2) == std::vector<int>{0, 2});
    // Alone, the one that sees most of the frame.
    CHECK(ivid::select_views(close_sources, {0, 1, 2}, front, square, focus, 1) == std::vector<int>{2});
}

TEST_CASE("depth-aware mode rejects samples behind the nearest confident surface, softly") {
    context();
    const glm::u8vec3 red(255, 0, 0), blue(0, 0, 255);
    ivid::FusionRenderer renderer;
    const ivid::FusionRenderSettings settings;
    const float eps = settings.depth_epsilon;
    const glm::mat4 pose = ivid::orbit_modelview({});
    // Red plane at depth 1 seen by view 0; view 1 (same pose, equal weights otherwise) sees blue
    // at depth 1 + r*eps. Blue's share must be 1/2 * exp(-r^2) relative, 0 beyond the reach.
    for (const float r : {0.0f, 0.5f, 1.0f, 2.0f, 5.0f, 100.0f}) {
        renderer.set_scene(plane_scene({{1.0f, red}, {1.0f + r * eps, blue}}));
        renderer.render(pose, 32, 32, settings, /*inspected_view=*/1);
        const Image color = renderer.read_color(), share = renderer.read_view_weight();
        const double expected = r > 3.0f ? 0.0 : std::exp(-double(r) * r) / (1.0 + std::exp(-double(r) * r));
        // The centre pixel, far from the padding ring.
        const size_t centre = 16 * 32 + 16;
        INFO("r = " << r);
        CHECK(share.data[centre] == doctest::Approx(expected).epsilon(1e-3));
        CHECK(color.data[3 * centre + 2] == doctest::Approx(expected).epsilon(1e-3));
        CHECK(color.data[3 * centre] == doctest::Approx(1.0 - expected).epsilon(1e-3));
        CHECK(renderer.read_winner().data[centre] == (r == 0.0f ? 1 : 0));  // ties go to the higher index
    }
    // The blue plane IN FRONT of red: red is the one hidden.
    renderer.set_scene(plane_scene({{1.0f, red}, {0.5f, blue}}));
    renderer.render(pose, 32, 32, settings);
    CHECK(renderer.read_color().data[3 * (16 * 32 + 16) + 2] == doctest::Approx(1.0).epsilon(1e-5));
    CHECK(renderer.read_depth().data[16 * 32 + 16] == doctest::Approx(0.5).epsilon(1e-4));
}

TEST_CASE("IVID mode blends both planes regardless of depth (meshes never occlude each other)") {
    context();
    ivid::FusionRenderer renderer;
    renderer.set_scene(plane_scene({{1.0f, {255, 0, 0}}, {2.0f, {0, 0, 255}}}));
    ivid::FusionRenderSettings settings;
    settings.blend_mode = ivid::BlendMode::Ivid;
    renderer.render(ivid::orbit_modelview({}), 32, 32, settings);
    const Image color = renderer.read_color();
    const size_t centre = 16 * 32 + 16;
    CHECK(color.data[3 * centre] == doctest::Approx(0.5).epsilon(1e-3));
    CHECK(color.data[3 * centre + 2] == doctest::Approx(0.5).epsilon(1e-3));
    // Window depths 1 and 2 averaged (IVID averages non-linear depth): between 1 and 2.
    const float depth = renderer.read_depth().data[centre];
    CHECK(depth > 1.0f);
    CHECK(depth < 2.0f);
}

TEST_CASE_FIXTURE(SyntheticRender, "the blend-weight shares of all views add up to one wherever there is colour") {
    const glm::mat4 modelview = ivid::orbit_modelview({0.05f, 0.02f});
    for (const ivid::BlendMode mode : {ivid::BlendMode::Ivid, ivid::BlendMode::DepthAware}) {
        ivid::FusionRenderSettings settings;
        settings.blend_mode = mode;
        Image total(48, 48, 1);
        for (int v = 0; v < renderer.view_count(); ++v) {
            renderer.render(modelview, 48, 48, settings, v);
            const Image share = renderer.read_view_weight();
            for (size_t p = 0; p < total.data.size(); ++p) total.data[p] += share.data[p];
        }
        const Image mask = renderer.read_mask_color();
        double worst = 0.0;
        for (size_t p = 0; p < total.data.size(); ++p)
            if (mask.data[p] > 0.5f) worst = std::max(worst, std::fabs(total.data[p] - 1.0));
        INFO(ivid::blend_mode_name(mode));
        CHECK(worst < 1e-4);
    }
}

TEST_CASE_FIXTURE(SyntheticRender, "supersampling renders k times larger and resolves to the requested size") {
    ivid::FusionRenderSettings settings;
    settings.blend_mode = ivid::BlendMode::Ivid;
    const glm::mat4 modelview = ivid::orbit_modelview({0.1f, 0.0f});
    renderer.render(modelview, 64, 48, settings);
    const Image plain = renderer.read_color();
    settings.supersampling = 3;
    renderer.render(modelview, 64, 48, settings);
    CHECK(renderer.stats().render_width == 192);
    CHECK(renderer.stats().render_height == 144);
    CHECK(renderer.width() == 64);
    CHECK(renderer.height() == 48);
    const Image smooth = renderer.read_color();
    REQUIRE(smooth.width == 64);
    REQUIRE(smooth.height == 48);
    // The same picture, anti-aliased: close on average, not identical.
    double mae = 0.0;
    for (size_t i = 0; i < plain.data.size(); ++i) mae += std::fabs(plain.data[i] - smooth.data[i]);
    mae /= double(plain.data.size());
    MESSAGE("1x vs 3x colour MAE " << mae);
    CHECK(mae > 0.0);
    CHECK(mae < 0.05);
}

TEST_CASE("fusion settings: JSON round trip, defaults for missing keys, errors naming the key") {
    ivid::FusionRenderSettings s;
    s.blend_mode = ivid::BlendMode::Ivid;
    s.supersampling = 3;
    s.view_sharpness = 2.5f;
    s.depth_epsilon = 0.05f;
    s.max_views = 5;
    s.background = {0.1f, 0.2f, 0.3f};
    s.fov_deg = 50.0f;
    const nlohmann::json j = s;
    const auto back = j.get<ivid::FusionRenderSettings>();
    CHECK(back.blend_mode == s.blend_mode);
    CHECK(back.supersampling == 3);
    CHECK(back.view_sharpness == 2.5f);
    CHECK(back.depth_epsilon == 0.05f);
    CHECK(back.max_views == 5);
    CHECK(back.background == s.background);
    CHECK(back.fov_deg == 50.0f);
    const auto defaults = nlohmann::json::object().get<ivid::FusionRenderSettings>();
    CHECK(defaults.blend_mode == ivid::BlendMode::DepthAware);
    CHECK(defaults.supersampling == 1);
    CHECK(defaults.max_views == ivid::FusionRenderSettings::kDefaultMaxViews);
    CHECK(nlohmann::json{{"max_views", 0}}.get<ivid::FusionRenderSettings>().max_views == 0);

    const auto error_for = [](const nlohmann::json& bad) {
        return ivid::test::message_of([&] { (void)bad.get<ivid::FusionRenderSettings>(); });
    };
    CHECK(error_for({{"supersampling", 5}}).find("supersampling: expected 1..4, found 5") != std::string::npos);
    CHECK(error_for({{"supersampling", 1.5}}).find("supersampling: expected an integer") != std::string::npos);
    CHECK(error_for({{"blend_mode", "ulr"}}).find("blend_mode: expected \"ivid\" or \"depth-aware\", found \"ulr\"") !=
          std::string::npos);
    CHECK(error_for({{"max_views", -1}}).find("max_views: expected >= 0 (0 = all views), found -1") !=
          std::string::npos);
    CHECK(error_for({{"max_views", 2.5}}).find("max_views: expected an integer, found 2.5") != std::string::npos);
    CHECK(error_for({{"depth_epsilon", 0}}).find("depth_epsilon") != std::string::npos);
    CHECK(error_for({{"background", {0, 2, 0}}}).find("background[1]: expected in [0, 1], found 2") != std::string::npos);
    CHECK(error_for({{"background", "black"}}).find("background: expected an array of 3 numbers") != std::string::npos);
    CHECK(error_for({{"fov_deg", "wide"}}).find("fov_deg: expected a finite number") != std::string::npos);
    CHECK(error_for(nlohmann::json::array()).find("expected a JSON object") != std::string::npos);
}

TEST_CASE("bad input: sizes, inspected view, reading before rendering, mismatched scene") {
    context();
    ivid::FusionRenderer renderer;
    CHECK(ivid::test::message_of([&] { renderer.read_color(); }).find("no frame rendered yet") != std::string::npos);
    const ivid::FusionRenderSettings settings;
    CHECK(ivid::test::message_of([&] { renderer.render(glm::mat4(1.0f), 0, 10, settings); }).find("expected at least 1x1, found 0x10") !=
          std::string::npos);
    // Without a scene: all background.
    ivid::FusionRenderSettings grey = settings;
    grey.background = glm::vec3(0.25f);
    renderer.render(ivid::orbit_modelview({}), 8, 8, grey);
    CHECK(renderer.read_color().data[0] == 0.25f);
    CHECK(renderer.read_winner().data[0] == -1);
    CHECK(ivid::test::message_of([&] { renderer.render(glm::mat4(1.0f), 8, 8, settings, 0); }).find("inspected_view: expected -1..-1, found 0") !=
          std::string::npos);
    ivid::Scene bad = plane_scene({{1.0f, {1, 2, 3}}});
    bad.views[0].depth = Image(16, 32, 1, 1.0f);
    CHECK(ivid::test::message_of([&] { renderer.set_scene(bad); }).find("scene view 0: depth: expected 32x32x1, found 32x16x1") !=
          std::string::npos);
    ivid::FusionRenderSettings wrong = settings;
    wrong.supersampling = 0;
    CHECK(ivid::test::message_of([&] { renderer.render(glm::mat4(1.0f), 8, 8, wrong); }).find("supersampling") != std::string::npos);
}

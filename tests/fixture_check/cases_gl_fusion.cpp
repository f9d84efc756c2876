// GL runner of case 5 (render.py fusion): the scene as the fixture stores it goes through
// FusionRenderer in IVID mode at the reference render size (no supersampling, so the raw fused
// buffers come back unfiltered) and is compared with the IVID reference frames and with our CPU
// render_fusion_frame, with the tolerances. Runs only when a GL context can be created
// (EGL surfaceless or a display); otherwise it says why and checks nothing.
#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "core/geometry/rgbd_mesh.hpp"
#include "core/raster/aggregate.hpp"
#include "core/raster/ssaa.hpp"
#include "core/scene/scene.hpp"
#include "core/util/error.hpp"
#include "render/fusion_renderer.hpp"
#include "render/headless_context.hpp"
#include "render/scene_gpu.hpp"
#include "tests/fixture_check/fixture_check.hpp"

namespace ivid::fixture {
namespace {

// One context for the whole run; nullptr (with the reason in `why`) when none can be made.
const HeadlessContext* gl_context(std::string& why) {
    static std::optional<HeadlessContext> context;
    static std::string error;
    static bool tried = false;
    if (!tried) {
        tried = true;
        try {
            context.emplace();
        } catch (const Error& e) {
            error = e.what();
        }
    }
    why = error;
    return context ? &*context : nullptr;
}

// The fixture's scene as save_scene stored it: 8-bit colours, linear depth, modelviews.
Scene stored_scene(const FixtureSet& set, float fov_deg) {
    const NpyArray colors = set.array("c5_scene_colors_u8");
    if (colors.shape.size() != 4 || colors.shape[3] != 3)
        throw Error::at("c5_scene_colors_u8", "shape", "N x H x W x 3", std::to_string(colors.shape.size()) + " axes");
    const std::vector<Image> depths = set.images("c5_scene_depth");
    const std::vector<glm::mat4> modelviews = set.matrices("c5_scene_modelviews");
    const auto values = colors.as_float();
    Scene scene;
    scene.image_size = int(colors.shape[1]);
    scene.fov_deg = fov_deg;
    const size_t per_view = colors.size() / colors.shape[0];
    if (depths.size() != colors.shape[0] || modelviews.size() != colors.shape[0])
        throw Error::at("c5_scene_depth / c5_scene_modelviews", "views", std::to_string(colors.shape[0]),
                        std::to_string(depths.size()) + " / " + std::to_string(modelviews.size()));
    for (size_t v = 0; v < colors.shape[0]; ++v) {
        View view;
        view.modelview = modelviews[v];
        view.depth = depths[v];
        view.color = ImageU8(scene.image_size, scene.image_size, 3);
        for (size_t i = 0; i < per_view; ++i) view.color.data[i] = uint8_t(values[v * per_view + i]);
        scene.views.push_back(std::move(view));
    }
    return scene;
}

void require_param(const nlohmann::json& params, const std::string& key, float ours) {
    if (params.at(key).get<float>() != ours)
        throw Error::at("manifest.json", key, std::to_string(ours) + " (FusionRenderer's load_scene meshing / near / far)",
                        params.at(key).dump());
}

void run_fusion_gl(const FixtureSet& set, const nlohmann::json& params, Report& report) {
    std::string why;
    const HeadlessContext* context = gl_context(why);
    if (context == nullptr) {
        std::printf("  GL: not checked, no OpenGL context: %s\n", why.c_str());
        return;
    }
    std::printf("  GL: %s\n", context->description().c_str());
    // FusionRenderer meshes and projects as render.py does, with the case's meshing tolerances
    // (render.py's --atol, --rtol, --erode_rgb, whatever the manifest names); padding and the
    // renderer's clip planes are fixed there.
    MeshingTolerances tolerances;
    tolerances.atol = params.at("atol").get<float>();
    tolerances.rtol = params.at("rtol").get<float>();
    tolerances.erode_rgb = params.at("erode_rgb").get<int>();
    const MeshOptions meshing = load_scene_mesh_options(params.at("fov").get<float>(), tolerances);
    require_param(params, "padding", float(meshing.padding_pixels));
    require_param(params, "renderer_near", kFusionNear);
    require_param(params, "renderer_far", kFusionFar);

    const Scene scene = stored_scene(set, meshing.fov_deg);
    FusionRenderer renderer;
    renderer.set_scene(scene, tolerances);
    FusionRenderSettings settings;
    settings.blend_mode = BlendMode::Ivid;
    settings.fov_deg = meshing.fov_deg;

    FusionSettings cpu_settings;
    cpu_settings.ssaa = params.at("ssaa").get<int>();
    cpu_settings.fov_deg = meshing.fov_deg;
    std::vector<RgbdMesh> meshes;
    std::vector<Image> colors;
    for (const View& v : scene.views) {
        meshes.push_back(depth_to_mesh(v.depth, meshing, v.modelview));
        colors.push_back(from_u8(v.color));
    }
    const int size = params.at("render_size").get<int>();

    for (const auto& id_json : params.at("frame_ids")) {
        char buf[16];
        std::snprintf(buf, sizeof buf, "c5_f%02d", id_json.get<int>());
        const std::string pre = buf;
        const glm::mat4 modelview = set.matrix(pre + "_modelview");
        renderer.render(modelview, size, size, settings);
        const Image color = renderer.read_color(), depth = renderer.read_depth();
        const Image mask_color = renderer.read_mask_color(), mask_depth = renderer.read_mask_depth();

        compare_render(report, "GL " + pre + " raw colour vs IVID", set.image(pre + "_raw_color"), color, {}, {},
                       set.image(pre + "_raw_mask_color"), mask_color);
        compare_render(report, "GL " + pre + " raw depth vs IVID", {}, {}, set.image(pre + "_raw_depth"), depth,
                       set.image(pre + "_raw_mask_depth"), mask_depth);
        compare_render(report, "GL " + pre + " raw colour all-pixel vs IVID", set.image(pre + "_raw_color"), color, {},
                       {}, {}, {});
        compare_render(report, "GL " + pre + " frame_u8 vs IVID", from_u8(set.image_u8(pre + "_frame_u8")),
                       from_u8(downsample_color(color, cpu_settings.ssaa, /*clip=*/false)), {}, {}, {}, {});

        const FusionFrame cpu = render_fusion_frame(meshes, colors, modelview, cpu_settings);
        compare_render(report, "GL " + pre + " raw colour vs CPU", cpu.raw.color, color, {}, {}, cpu.raw.mask_color,
                       mask_color);
        compare_render(report, "GL " + pre + " raw depth vs CPU", {}, {}, cpu.raw.depth, depth, cpu.raw.mask_depth,
                       mask_depth);
    }
}

CaseRegistration reg_fusion_gl("AggregationRenderer.render (render.py fusion)", run_fusion_gl);

}  // namespace
}  // namespace ivid::fixture

// Runners for the rendering cases of the IVID GL fixtures: SimpleRenderer (case 2),
// forward_backward_warp (case 3), aggregate_conditions (case 4) and render.py fusion (case 5).
// Everything (sizes, poses, tolerances, file prefixes) comes from the case params and the
// manifest's file naming; rendered images are compared with the tolerances, 8-bit
// Pillow resizes of the reference 8-bit inputs must match exactly.
#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/geometry/camera.hpp"
#include "core/geometry/depth.hpp"
#include "core/geometry/rgbd_mesh.hpp"
#include "core/raster/aggregate.hpp"
#include "core/raster/pil_resample.hpp"
#include "core/raster/simple_renderer.hpp"
#include "core/raster/ssaa.hpp"
#include "core/raster/warp.hpp"
#include "core/util/error.hpp"
#include "tests/fixture_check/fixture_check.hpp"

namespace ivid::fixture {
namespace {

glm::vec3 vec3_param(const nlohmann::json& j, const std::string& key) {
    if (!j.contains(key) || !j[key].is_array() || j[key].size() != 3)
        throw Error::at("manifest.json", key, "an array of 3 numbers", j.contains(key) ? j[key].dump() : "missing");
    return {j[key][0].get<float>(), j[key][1].get<float>(), j[key][2].get<float>()};
}


float max_matrix_difference(const glm::mat4& a, const glm::mat4& b) {
    float d = 0.0f;
    for (int c = 0; c < 4; ++c)
        for (int r = 0; r < 4; ++r) d = std::max(d, std::fabs(a[c][r] - b[c][r]));
    return d;
}

// Our pose from the params must be the pose the fixture was rendered with.
void check_pose(Report& report, const FixtureSet& set, const std::string& name, const glm::mat4& ours) {
    report.at_most(name + " max abs diff vs params pose", max_matrix_difference(set.matrix(name), ours), 1e-6);
}

// The first word after "mesh " in a params description like "case1 mesh c1_nopad (padding=None)".
std::string mesh_prefix(const std::string& description) {
    const auto at = description.find("mesh ");
    if (at == std::string::npos)
        throw Error::at("manifest.json", "targets.*.mesh", "'... mesh <prefix> ...'", description);
    const auto start = at + 5;
    const auto end = description.find_first_of(" (", start);
    return description.substr(start, end - start);
}

// A depth_to_mesh output stored as <prefix>_{position,uv,flag,faces}[,_normal].npy.
RgbdMesh load_mesh(const FixtureSet& set, const std::string& prefix, const glm::mat4& modelview) {
    RgbdMesh mesh;
    const auto pos = set.array(prefix + "_position").as_float();
    const auto uv = set.array(prefix + "_uv").as_float();
    const auto flag = set.array(prefix + "_flag").as_int();
    const auto faces = set.array(prefix + "_faces").as_int();
    for (size_t i = 0; i + 2 < pos.size(); i += 3) mesh.positions.emplace_back(pos[i], pos[i + 1], pos[i + 2]);
    for (size_t i = 0; i + 1 < uv.size(); i += 2) mesh.uvs.emplace_back(uv[i], uv[i + 1]);
    for (auto f : flag) mesh.flags.push_back(int32_t(f));
    for (size_t i = 0; i + 2 < faces.size(); i += 3)
        mesh.faces.emplace_back(int(faces[i]), int(faces[i + 1]), int(faces[i + 2]));
    if (set.has(prefix + "_normal")) {
        const auto nrm = set.array(prefix + "_normal").as_float();
        for (size_t i = 0; i + 2 < nrm.size(); i += 3) mesh.normals.emplace_back(nrm[i], nrm[i + 1], nrm[i + 2]);
    }
    mesh.modelview = modelview;
    return mesh;
}

// Raw 8-bit buffers compared as colours in [0,1] (mean abs error), no mask.
void compare_u8(Report& report, const std::string& label, const ImageU8& ref, const ImageU8& ours) {
    compare_render(report, label, from_u8(ref), from_u8(ours), {}, {}, {}, {});
}

// The Lanczos step on its own: the reference 8-bit input must give the reference 8-bit output.
void check_lanczos(Report& report, const std::string& label, const ImageU8& ref_input, const ImageU8& ref_output) {
    report.exact(label + " Lanczos of reference 8-bit input",
                 count_differences(resize_lanczos_pil(ref_input, ref_output.width, ref_output.height), ref_output));
}

std::vector<OrbitPose> viewset_poses(const nlohmann::json& indices) {
    const auto viewset = viewset_3x9();
    std::vector<OrbitPose> poses;
    for (const auto& j : indices) {
        const int i = j.get<int>();
        if (i < 0 || i >= int(viewset.size()))
            throw Error::at("manifest.json", "view index", "0.." + std::to_string(viewset.size() - 1), std::to_string(i));
        poses.push_back(viewset[i]);
    }
    return poses;
}

// The fields WarpSettings and AggregateSettings share, from a case's params.
template <typename Settings>
Settings settings_from_params(const nlohmann::json& params) {
    Settings s;
    s.ssaa = params.at("render_size").get<int>() / params.at("image_size").get<int>();
    s.renderer_near = params.at("renderer_near").get<float>();
    s.renderer_far = params.at("renderer_far").get<float>();
    s.fov_deg = params.at("fov").get<float>();
    s.near = params.at("near").get<float>();
    s.far = params.at("far").get<float>();
    s.atol = params.at("atol").get<float>();
    s.rtol = params.at("rtol").get<float>();
    return s;
}

// IVID's mesh build for sample.py / load_scene: tolerances, erosion and fov from the params,
// normals on.
MeshOptions mesh_options(const nlohmann::json& params, PaddingMode padding, int padding_pixels) {
    MeshOptions options;
    options.fov_deg = params.at("fov").get<float>();
    options.padding = padding;
    options.padding_pixels = padding_pixels;
    options.atol = params.at("atol").get<float>();
    options.rtol = params.at("rtol").get<float>();
    options.erode_rgb = params.at("erode_rgb").get<int>();
    options.normals = true;
    return options;
}

// Meshes each view's linear depth from its params pose; the pose must be the stored one.
std::vector<RgbdMesh> mesh_views(Report& report, const std::string& label, const std::vector<Image>& linear_depths,
                                 const std::vector<OrbitPose>& poses, const std::vector<glm::mat4>& stored,
                                 const MeshOptions& options) {
    if (linear_depths.size() != poses.size() || stored.size() != poses.size())
        throw Error::at("manifest.json", label + " views", std::to_string(linear_depths.size()) + " (stored views)",
                        std::to_string(poses.size()));
    std::vector<RgbdMesh> meshes;
    float pose_diff = 0.0f;
    for (size_t j = 0; j < poses.size(); ++j) {
        const glm::mat4 view = orbit_modelview(poses[j]);
        pose_diff = std::max(pose_diff, max_matrix_difference(view, stored[j]));
        meshes.push_back(depth_to_mesh(linear_depths[j], options, view));
    }
    report.at_most(label + " modelviews max abs diff vs params poses", pose_diff, 1e-6);
    return meshes;
}

// ---- case 2 ---------------------------------------------------------------------------------

void run_simple_renderer(const FixtureSet& set, const nlohmann::json& params, Report& report) {
    const SimpleRenderer renderer({params.at("render_size").get<int>(), params.at("near").get<float>(),
                                   params.at("far").get<float>()});
    const float fov = params.at("fov").get<float>();
    const std::string texture_expr = params.at("texture").get<std::string>();  // "c1_rgbd[..., :3]"
    const Image texture = select_channels(set.image(texture_expr.substr(0, texture_expr.find('['))), 0, 3);
    for (const auto& [name, target] : params.at("targets").items()) {
        const glm::mat4 view = look_at(vec3_param(target, "eye"), vec3_param(target, "center"), vec3_param(target, "up"));
        check_pose(report, set, name + "_modelview", view);
        const RgbdMesh mesh = load_mesh(set, mesh_prefix(target.at("mesh").get<std::string>()), glm::mat4(1.0f));
        const SimpleRenderResult r = renderer.render(mesh, texture, view, fov);
        compare_render(report, name, set.image(name + "_color"), r.color, set.image(name + "_depth"), r.depth,
                       set.image(name + "_mask"), r.mask);
        compare_render(report, name + " all-pixel", {}, {}, set.image(name + "_depth"), r.depth, {}, {});
    }
}

// ---- case 3 ---------------------------------------------------------------------------------

void run_forward_backward_warp(const FixtureSet& set, const nlohmann::json& params, Report& report) {
    WarpSettings s = settings_from_params<WarpSettings>(params);
    s.padding_pixels = params.at("padding").get<int>();
    const auto& aug = params.at("augment");
    WarpAugmentation augmentation;
    augmentation.blur_sigma = aug.at("blur_sigma").get<float>();
    augmentation.erode_size = aug.at("erode_radius").get<int>();
    if (aug.at("blur_ksize").get<int>() != 3) report.fail("augment.blur_ksize other than WarpDataset's 3");

    const Image rgbd = set.image("c3_rgbd");
    const glm::mat4 view0 = canonical_modelview();
    check_pose(report, set, "c3_modelview0", view0);
    const auto& perturbations = params.at("perturbations");
    for (size_t k = 0; k < perturbations.size(); ++k) {
        const auto& p = perturbations[k];
        const float theta = p.at("theta").get<float>(), phi = p.at("phi").get<float>(), r = p.at("r").get<float>();
        const glm::vec3 eye(r * std::cos(phi) * std::sin(theta), r * std::sin(phi), r * std::cos(phi) * std::cos(theta));
        const glm::mat4 view1 = look_at(eye, vec3_param(p, "target"), glm::vec3(0.0f, 1.0f, 0.0f));
        const std::string pre = "c3_p" + std::to_string(k);
        check_pose(report, set, pre + "_modelview1", view1);

        const WarpResult w = forward_backward_warp(rgbd, view1, view0, s);
        const Image ref_mask = set.image(pre + "_mask");
        compare_render(report, pre + " output", set.image(pre + "_color"), w.color, set.image(pre + "_depth"),
                       w.depth, ref_mask, w.mask);
        // Raw full-resolution buffers of both passes.
        compare_render(report, pre + " fwd full", {}, {}, {}, {}, set.image(pre + "_fwd_mask_full"),
                       w.forward.mask_full);
        compare_u8(report, pre + " fwd color8_full", set.image_u8(pre + "_fwd_color8_full"), w.forward.color8_full);
        compare_u8(report, pre + " fwd color_u8", set.image_u8(pre + "_fwd_color_u8"), w.forward.color_u8);
        compare_render(report, pre + " fwd depth1", {}, {}, set.image(pre + "_fwd_depth"), w.forward_depth, {}, {});
        const Image bwd_mask = set.image(pre + "_bwd_mask_full");
        compare_render(report, pre + " bwd full", {}, {}, set.image(pre + "_bwd_depth_full"), w.backward.depth_full,
                       bwd_mask, w.backward.mask_full);
        compare_u8(report, pre + " bwd color8_full", set.image_u8(pre + "_bwd_color8_full"), w.backward.color8_full);
        compare_u8(report, pre + " bwd color_u8", set.image_u8(pre + "_bwd_color_u8"), w.backward.color_u8);
        check_lanczos(report, pre + " fwd", set.image_u8(pre + "_fwd_color8_full"), set.image_u8(pre + "_fwd_color_u8"));
        check_lanczos(report, pre + " bwd", set.image_u8(pre + "_bwd_color8_full"), set.image_u8(pre + "_bwd_color_u8"));

        // Augmentation on our warp, and on the reference warp (must then agree to float rounding).
        const Image ref_mask_rgb = set.image(pre + "_aug_mask_rgb");
        const WarpTrainingPair ours = augment_warp_pair(rgbd, w, augmentation);
        const Image ref_y = set.image(pre + "_aug_y");
        compare_render(report, pre + " aug y rgb", select_channels(ref_y, 0, 3), select_channels(ours.y, 0, 3),
                       select_channels(ref_y, 3, 1), select_channels(ours.y, 3, 1), ref_mask_rgb, ours.mask_rgb);
        WarpResult reference = w;
        reference.color = set.image(pre + "_color");
        reference.depth = set.image(pre + "_depth");
        reference.mask = ref_mask;
        const WarpTrainingPair exact = augment_warp_pair(rgbd, reference, augmentation);
        double max_diff = 0.0;
        for (size_t i = 0; i < ref_y.data.size(); ++i)
            max_diff = std::max(max_diff, double(std::fabs(ref_y.data[i] - exact.y.data[i])));
        for (size_t i = 0; i < ref_mask_rgb.data.size(); ++i)
            max_diff = std::max(max_diff, double(std::fabs(ref_mask_rgb.data[i] - exact.mask_rgb.data[i])));
        report.at_most(pre + " aug of reference warp max abs diff", max_diff, 1e-6);
    }
}

// ---- case 4 ---------------------------------------------------------------------------------

void run_aggregate_conditions(const FixtureSet& set, const nlohmann::json& params, Report& report) {
    AggregateSettings s = settings_from_params<AggregateSettings>(params);
    s.erode_rgb = params.at("erode_rgb").get<int>();

    // Source meshes as sample.py builds them.
    const auto sources = set.images("c4_src_rgbd");
    std::vector<Image> depths, colors;
    for (const auto& rgbd : sources) {
        depths.push_back(linear_from_zbuffer(select_channels(rgbd, 3, 1), s.near, s.far));
        colors.push_back(select_channels(rgbd, 0, 3));
    }
    const std::vector<RgbdMesh> meshes =
        mesh_views(report, "c4 source", depths, viewset_poses(params.at("gen_views")), set.matrices("c4_src_modelviews"),
                   mesh_options(params, PaddingMode::Frustum, 0));
    const auto tgt_poses = viewset_poses(params.at("targets"));
    const auto tgt_stored = set.matrices("c4_tgt_modelviews");
    if (tgt_stored.size() != tgt_poses.size())
        throw Error::at("manifest.json", "targets", std::to_string(tgt_stored.size()) + " (stored views)",
                        std::to_string(tgt_poses.size()));
    float pose_diff = 0.0f;
    for (size_t m = 0; m < tgt_poses.size(); ++m)
        pose_diff = std::max(pose_diff, max_matrix_difference(orbit_modelview(tgt_poses[m]), tgt_stored[m]));
    report.at_most("c4 target modelviews max abs diff vs params poses", pose_diff, 1e-6);

    for (size_t m = 1; m <= tgt_poses.size(); ++m) {
        const std::string pre = "c4_call" + std::to_string(m);
        const std::vector<RgbdMesh> used(meshes.begin(), meshes.begin() + std::min(m, meshes.size()));
        const std::vector<Image> used_colors(colors.begin(), colors.begin() + used.size());
        const AggregateConditions a = aggregate_conditions(used, used_colors, orbit_modelview(tgt_poses[m - 1]), s);
        compare_render(report, pre + " depth/mask", {}, {}, set.image(pre + "_depth"), a.depth,
                       set.image(pre + "_mask"), a.mask);
        compare_render(report, pre + " colour/mask_rgb", set.image(pre + "_color"), a.color, {}, {},
                       set.image(pre + "_mask_rgb"), a.mask_rgb);
        compare_render(report, pre + " depth_convex", {}, {}, set.image(pre + "_depth_convex"), a.depth_convex, {}, {});
        compare_u8(report, pre + " color_u8", set.image_u8(pre + "_color_u8"), a.color_u8);
        if (set.has(pre + "_raw_color")) {
            compare_render(report, pre + " raw colour", set.image(pre + "_raw_color"), a.raw.color, {}, {},
                           set.image(pre + "_raw_mask_color"), a.raw.mask_color);
            compare_render(report, pre + " raw depth", {}, {}, set.image(pre + "_raw_depth"), a.raw.depth,
                           set.image(pre + "_raw_mask_depth"), a.raw.mask_depth);
            compare_render(report, pre + " raw colour all-pixel", set.image(pre + "_raw_color"), a.raw.color, {}, {}, {}, {});
            check_lanczos(report, pre, to_u8_truncate(set.image(pre + "_raw_color")), set.image_u8(pre + "_color_u8"));
        }
    }
}

// ---- case 5 ---------------------------------------------------------------------------------

void run_fusion(const FixtureSet& set, const nlohmann::json& params, Report& report) {
    FusionSettings s;
    s.ssaa = params.at("ssaa").get<int>();
    s.renderer_near = params.at("renderer_near").get<float>();
    s.renderer_far = params.at("renderer_far").get<float>();
    s.fov_deg = params.at("fov").get<float>();
    if (params.at("traj").get<std::string>() != "swing")
        throw Error::at("manifest.json", "traj", "swing", params.at("traj").get<std::string>());

    // The scene as load_scene meshes it; colours are the stored 8-bit images / 255.
    const NpyArray colors_u8 = set.array("c5_scene_colors_u8");
    if (colors_u8.shape.size() != 4) throw Error::at("c5_scene_colors_u8", "shape", "N x H x W x 3", "other");
    const auto color_values = colors_u8.as_float();
    const size_t per_view = colors_u8.size() / colors_u8.shape[0];
    std::vector<Image> colors;
    for (size_t j = 0; j < colors_u8.shape[0]; ++j) {
        Image color(int(colors_u8.shape[2]), int(colors_u8.shape[1]), int(colors_u8.shape[3]));
        for (size_t i = 0; i < per_view; ++i) color.data[i] = float(double(color_values[j * per_view + i]) / 255.0);
        colors.push_back(std::move(color));
    }
    const std::vector<RgbdMesh> meshes =
        mesh_views(report, "c5 scene", set.images("c5_scene_depth"), viewset_poses(params.at("views")),
                   set.matrices("c5_scene_modelviews"),
                   mesh_options(params, PaddingMode::Pixels, params.at("padding").get<int>()));
    if (colors.size() != meshes.size())
        throw Error::at("c5_scene_colors_u8", "views", std::to_string(meshes.size()), std::to_string(colors.size()));

    const auto trajectory = trajectory_swing(params.at("frames").get<int>());
    for (const auto& id_json : params.at("frame_ids")) {
        const int id = id_json.get<int>();
        if (id < 0 || id >= int(trajectory.size()))
            throw Error::at("manifest.json", "frame_ids", "0.." + std::to_string(trajectory.size() - 1), std::to_string(id));
        char buf[16];
        std::snprintf(buf, sizeof buf, "c5_f%02d", id);
        const std::string pre = buf;
        const glm::mat4 view = orbit_modelview(trajectory[id]);
        check_pose(report, set, pre + "_modelview", view);
        const FusionFrame f = render_fusion_frame(meshes, colors, view, s);
        const Image ref_mask_depth = set.image(pre + "_raw_mask_depth");
        compare_render(report, pre + " raw colour", set.image(pre + "_raw_color"), f.raw.color, {}, {},
                       set.image(pre + "_raw_mask_color"), f.raw.mask_color);
        compare_render(report, pre + " raw depth", {}, {}, set.image(pre + "_raw_depth"), f.raw.depth,
                       ref_mask_depth, f.raw.mask_depth);
        compare_render(report, pre + " raw colour all-pixel", set.image(pre + "_raw_color"), f.raw.color, {}, {}, {}, {});
        compare_u8(report, pre + " frame_u8", set.image_u8(pre + "_frame_u8"), f.frame);
        compare_render(report, pre + " depth_video", {}, {}, set.image(pre + "_depth_video"), f.depth_video,
                       downsample_point(ref_mask_depth, s.ssaa), downsample_point(f.raw.mask_depth, s.ssaa));
        check_lanczos(report, pre, to_u8_truncate(set.image(pre + "_raw_color"), /*clip=*/false),
                      set.image_u8(pre + "_frame_u8"));
    }
}

CaseRegistration reg_simple("SimpleRenderer.render", run_simple_renderer);
CaseRegistration reg_warp("forward_backward_warp", run_forward_backward_warp);
CaseRegistration reg_aggregate("aggregate_conditions", run_aggregate_conditions);
CaseRegistration reg_fusion("AggregationRenderer.render (render.py fusion)", run_fusion);

}  // namespace
}  // namespace ivid::fixture

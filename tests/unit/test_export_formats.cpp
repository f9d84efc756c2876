// The exports' numbers against analytic scenes: conventions (intrinsics, millimetres, sRGB),
// surfaces and their depth-edge cuts, overlap removal, the PLY layouts (point cloud, 3DGS), the
// glTF container and its cameras, the nerfstudio folder, float depth files and camera paths, and
// export_scene, the one call the CLI and the studio export through.
// The real readers (Blender, glTF-Validator, splat-transform) check the files in tests/interop.
#include <doctest/doctest.h>

#include <cmath>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>

#include <glm/gtc/quaternion.hpp>

#include "core/export/export_conventions.hpp"
#include "core/export/float_depth.hpp"
#include "core/export/gaussian_splat_ply.hpp"
#include "core/export/nerfstudio_camera_path.hpp"
#include "core/export/nerfstudio_dataset.hpp"
#include "core/export/point_cloud_ply.hpp"
#include "core/export/scene_export.hpp"
#include "core/export/scene_gltf.hpp"
#include "core/export/view_surface.hpp"
#include "core/image/exr_depth.hpp"
#include "core/image/image_io.hpp"
#include "core/util/json_fields.hpp"
#include "tests/test_support.hpp"

namespace fs = std::filesystem;
using namespace ivid;
using ivid::test::contains;
using ivid::test::message_of;
using ivid::test::TempDir;

namespace {

// A view on IVID's orbit seeing a constant depth, or `far_depth` in its right half.
View flat_view(const OrbitPose& pose, int size, float depth, float far_depth = 0.0f) {
    View v;
    v.yaw = pose.yaw;
    v.pitch = pose.pitch;
    v.modelview = orbit_modelview(pose);
    v.color = ImageU8(size, size, 3, 200);
    v.depth = Image(size, size, 1, depth);
    if (far_depth > 0.0f)
        for (int r = 0; r < size; ++r)
            for (int c = size / 2; c < size; ++c) v.depth.at(r, c) = far_depth;
    return v;
}

Scene scene_of(std::vector<View> views, int size) {
    Scene s;
    s.image_size = size;
    s.views = std::move(views);
    return s;
}

OrbitPose pose(float yaw, float pitch = 0.0f) {
    OrbitPose p;
    p.yaw = yaw;
    p.pitch = pitch;
    return p;
}

MeshingTolerances ivid_cuts() { return MeshingTolerances{}; }

struct PlyFile {
    std::vector<std::string> header;
    std::string body;
};

PlyFile split_ply(const std::string& bytes) {
    PlyFile ply;
    const size_t end = bytes.find("end_header\n");
    REQUIRE(end != std::string::npos);
    std::istringstream lines(bytes.substr(0, end));
    for (std::string line; std::getline(lines, line);) ply.header.push_back(line);
    ply.body = bytes.substr(end + 11);
    return ply;
}

float float_at(const std::string& body, size_t offset) {
    float v;
    std::memcpy(&v, body.data() + offset, 4);
    return v;
}

uint32_t u32_at(const std::string& bytes, size_t offset) {
    uint32_t v;
    std::memcpy(&v, bytes.data() + offset, 4);
    return v;
}

// The JSON chunk of a .glb, after checking the container's header and chunk layout.
nlohmann::json glb_json(const std::string& glb) {
    REQUIRE(glb.size() > 20);
    CHECK(glb.substr(0, 4) == "glTF");
    CHECK(u32_at(glb, 4) == 2);
    CHECK(u32_at(glb, 8) == glb.size());
    const uint32_t json_length = u32_at(glb, 12);
    CHECK(json_length % 4 == 0);
    CHECK(glb.substr(16, 4) == "JSON");
    const size_t bin_header = 20 + json_length;
    CHECK(u32_at(glb, bin_header) % 4 == 0);
    CHECK(glb.substr(bin_header + 4, 4) == std::string("BIN\0", 4));
    CHECK(bin_header + 8 + u32_at(glb, bin_header) == glb.size());
    return nlohmann::json::parse(glb.substr(20, json_length));
}

}  // namespace

TEST_CASE("conventions: intrinsics, millimetres and sRGB") {
    const PinholeIntrinsics k = pinhole_intrinsics(45.0, 128, 128);
    CHECK(k.fl_y == doctest::Approx(64.0 / std::tan(22.5 * M_PI / 180.0)).epsilon(1e-12));
    CHECK(k.fl_x == k.fl_y);
    CHECK(k.cx == 64.0);
    CHECK(k.cy == 64.0);
    CHECK(fov_from_focal(k.fl_y, 128) == doctest::Approx(45.0).epsilon(1e-12));
    // One pixel at depth 2: 2 * 2 tan(22.5 deg) / 128.
    CHECK(pixel_footprint(45.0, 128, 2.0) == doctest::Approx(4.0 * std::tan(22.5 * M_PI / 180.0) / 128.0));

    CHECK(depth_to_millimetres(1.2344f) == 1234);
    CHECK(depth_to_millimetres(1.2346f) == 1235);
    CHECK(depth_to_millimetres(0.0f) == 0);
    CHECK(depth_to_millimetres(-1.0f) == 0);
    CHECK(depth_to_millimetres(std::nanf("")) == 0);
    CHECK(depth_to_millimetres(65.535f) == 65535);
    CHECK(contains(message_of([] { depth_to_millimetres(70.0f); }), "at most 65.535"));

    CHECK(srgb_to_linear(0) == 0.0f);
    CHECK(srgb_to_linear(255) == doctest::Approx(1.0f));
    CHECK(srgb_to_linear(10) == doctest::Approx(10.0 / 255.0 / 12.92));
    CHECK(srgb_to_linear(128) == doctest::Approx(0.2158605f).epsilon(1e-5));
}

TEST_CASE("view surface: a plane in front of the camera keeps every pixel and face") {
    const int n = 8;
    const Scene scene = scene_of({flat_view(pose(0.3f, 0.1f), n, 2.0f)}, n);
    const ViewSurface s = view_surface(scene, 0, ivid_cuts());
    REQUIRE(s.positions.size() == size_t(n * n));
    CHECK(s.faces.size() == size_t(2 * (n - 1) * (n - 1)));
    const glm::vec3 eye = orbit_eye(pose(0.3f, 0.1f));
    CHECK(glm::distance(s.eye, eye) < 1e-6f);
    const glm::mat4& mv = scene.views[0].modelview;
    const glm::vec3 forward = -glm::vec3(glm::transpose(glm::mat3(mv))[2]);  // camera -z in world
    for (size_t i = 0; i < s.positions.size(); ++i) {
        const glm::vec4 cam = mv * glm::vec4(s.positions[i], 1.0f);
        CHECK(cam.z == doctest::Approx(-2.0f).epsilon(1e-5));
        CHECK(s.depths[i] == 2.0f);
        CHECK(glm::dot(s.normals[i], -forward) == doctest::Approx(1.0f).epsilon(1e-4));  // faces the camera
        CHECK(s.colors[i] == glm::u8vec3(200));
    }
}

TEST_CASE("view surface: no face spans a depth edge") {
    const int n = 8;
    const Scene scene = scene_of({flat_view(pose(0.0f), n, 1.0f, 3.0f)}, n);
    const ViewSurface s = view_surface(scene, 0, ivid_cuts());
    REQUIRE(!s.faces.empty());
    for (const glm::uvec3& f : s.faces) {
        const float lo = std::min({s.depths[f.x], s.depths[f.y], s.depths[f.z]});
        const float hi = std::max({s.depths[f.x], s.depths[f.y], s.depths[f.z]});
        CHECK(lo == hi);
    }
    // Columns 3 and 4 lie on the edge: their faces are cut, so those pixels are gone.
    for (const glm::ivec2& px : s.pixels) CHECK((px.y < 3 || px.y > 4));
    CHECK(s.positions.size() == size_t(n * (n - 2)));
}

TEST_CASE("overlap removal: a second identical view adds nothing; a view elsewhere keeps all") {
    const int n = 8;
    Scene twice = scene_of({flat_view(pose(0.0f), n, 2.0f), flat_view(pose(0.0f), n, 2.0f)}, n);
    std::vector<ViewSurface> surfaces = scene_surfaces(twice, ivid_cuts());
    CHECK(remove_overlaps(twice, surfaces) == size_t(n * n));
    CHECK(surfaces[1].positions.empty());
    CHECK(surfaces[1].faces.empty());
    CHECK(surfaces[0].positions.size() == size_t(n * n));

    // The back of the orbit sees the plane from behind, through the depth of the first: no match.
    Scene apart = scene_of({flat_view(pose(0.0f), n, 0.5f), flat_view(pose(float(M_PI)), n, 0.5f)}, n);
    surfaces = scene_surfaces(apart, ivid_cuts());
    CHECK(remove_overlaps(apart, surfaces) == 0);
}

TEST_CASE("point-cloud PLY: header and rows") {
    const int n = 4;
    const Scene scene = scene_of({flat_view(pose(0.0f), n, 2.0f)}, n);
    const std::vector<ViewSurface> surfaces = scene_surfaces(scene, ivid_cuts());
    const PlyFile ply = split_ply(point_cloud_table(surfaces).bytes("test"));
    const std::vector<std::string> expected = {"ply", "format binary_little_endian 1.0", "comment test", "element vertex 16",
                                               "property float x", "property float y", "property float z",
                                               "property float nx", "property float ny", "property float nz",
                                               "property uchar red", "property uchar green", "property uchar blue"};
    CHECK(ply.header == expected);
    const size_t row = 6 * 4 + 3;
    REQUIRE(ply.body.size() == 16 * row);
    for (size_t i = 0; i < 16; ++i) {
        const glm::vec3 p(float_at(ply.body, i * row), float_at(ply.body, i * row + 4), float_at(ply.body, i * row + 8));
        CHECK(glm::distance(p, surfaces[0].positions[i]) == 0.0f);
        CHECK(float_at(ply.body, i * row + 20) == doctest::Approx(1.0f).epsilon(1e-4));  // nz: the front camera is on +z
        CHECK(uint8_t(ply.body[i * row + 24]) == 200);
    }
}

TEST_CASE("3DGS PLY: the reference layout, pre-activation values") {
    const int n = 4;
    const float depth = 2.0f;
    Scene scene = scene_of({flat_view(pose(0.0f), n, depth)}, n);
    scene.views[0].color.at(0, 0, 0) = 255;
    scene.views[0].color.at(0, 0, 1) = 0;
    const PlyFile ply = split_ply(gaussian_splat_table(scene_surfaces(scene, ivid_cuts()), scene.fov_deg, n).bytes("t"));
    std::map<std::string, size_t> column;
    for (const std::string& line : ply.header)
        if (line.rfind("property float ", 0) == 0) column.emplace(line.substr(15), column.size());
    REQUIRE(column.size() == 3 + 3 + 3 + 45 + 1 + 3 + 4);
    CHECK(column.at("f_dc_0") == 6);
    CHECK(column.at("f_rest_44") == 53);
    CHECK(column.at("opacity") == 54);
    CHECK(column.at("rot_3") == 61);
    const size_t row = column.size() * 4;
    REQUIRE(ply.body.size() == size_t(n * n) * row);
    auto value = [&](size_t i, const std::string& name) { return float_at(ply.body, i * row + column.at(name) * 4); };
    CHECK(value(0, "f_dc_0") == doctest::Approx(0.5 / kShC0));
    CHECK(value(0, "f_dc_1") == doctest::Approx(-0.5 / kShC0));
    CHECK(value(1, "f_dc_2") == doctest::Approx((200.0 / 255.0 - 0.5) / kShC0));
    CHECK(value(0, "f_rest_17") == 0.0f);
    CHECK(value(0, "opacity") == doctest::Approx(std::log(0.98 / 0.02)));
    // Facing the camera on +z: the disc's normal axis is z already (identity rotation, w first),
    // its in-plane sigma half a pixel at depth 2, ten times thinner across.
    const double sigma = 0.5 * pixel_footprint(scene.fov_deg, n, depth);
    CHECK(value(5, "scale_0") == doctest::Approx(std::log(sigma)).epsilon(1e-4));
    CHECK(value(5, "scale_1") == doctest::Approx(std::log(sigma)).epsilon(1e-4));
    CHECK(value(5, "scale_2") == doctest::Approx(std::log(0.1 * sigma)).epsilon(1e-4));
    CHECK(value(5, "rot_0") == doctest::Approx(1.0f));
    CHECK(std::abs(value(5, "rot_1")) < 1e-3f);
    CHECK(std::abs(value(5, "rot_2")) < 1e-3f);
}

TEST_CASE("3DGS PLY: a splat's rotation takes its z axis to the surface normal") {
    const int n = 4;
    const Scene scene = scene_of({flat_view(pose(1.0f, 0.3f), n, 2.0f)}, n);
    const std::vector<ViewSurface> surfaces = scene_surfaces(scene, ivid_cuts());
    const PlyFile ply = split_ply(gaussian_splat_table(surfaces, scene.fov_deg, n).bytes("t"));
    const size_t row = 62 * 4, rot = 58 * 4;
    for (size_t i = 0; i < surfaces[0].positions.size(); ++i) {
        const glm::quat q(float_at(ply.body, i * row + rot), float_at(ply.body, i * row + rot + 4),
                          float_at(ply.body, i * row + rot + 8), float_at(ply.body, i * row + rot + 12));
        CHECK(glm::length(glm::normalize(q) * glm::vec3(0, 0, 1) - surfaces[0].normals[i]) < 1e-4f);
    }
}

TEST_CASE("glb: container, meshes, bounds and cameras at the views' poses") {
    const int n = 6;
    const Scene scene = scene_of({flat_view(pose(0.0f), n, 2.0f), flat_view(pose(0.5f, 0.2f), n, 1.5f, 3.0f)}, n);
    GltfExportSettings settings;
    GltfExportSummary summary;
    const nlohmann::json doc = glb_json(scene_glb(scene, settings, &summary));
    const std::vector<ViewSurface> surfaces = scene_surfaces(scene, settings.meshing);
    CHECK(summary.vertices == point_count(surfaces));
    CHECK(summary.triangles == face_count(surfaces));
    CHECK(summary.meshes == 2);
    CHECK(summary.cameras == 2);
    CHECK(doc["asset"]["version"] == "2.0");
    CHECK(doc["extensionsUsed"] == nlohmann::json({"KHR_materials_unlit"}));
    REQUIRE(doc["meshes"].size() == 2);
    const int position = doc["meshes"][1]["primitives"][0]["attributes"]["POSITION"];
    CHECK(doc["accessors"][position]["count"] == surfaces[1].positions.size());
    glm::vec3 lo(1e9f), hi(-1e9f);
    for (const ViewSurface& s : surfaces)
        for (const glm::vec3& p : s.positions) {
            lo = glm::min(lo, p);
            hi = glm::max(hi, p);
        }
    CHECK(glm::distance(summary.min, lo) == 0.0f);
    CHECK(glm::distance(summary.max, hi) == 0.0f);

    // Camera node 1: translation at the eye, rotation taking the camera's -z to its viewing direction.
    const nlohmann::json& node = doc["nodes"][3];
    CHECK(node["name"] == "camera_001");
    const nlohmann::json& tr = node["translation"];
    const glm::vec3 t(tr[0].get<float>(), tr[1].get<float>(), tr[2].get<float>());
    CHECK(glm::distance(t, orbit_eye(pose(0.5f, 0.2f))) < 1e-6f);
    const nlohmann::json& r = node["rotation"];
    const glm::quat q(r[3].get<float>(), r[0].get<float>(), r[1].get<float>(), r[2].get<float>());
    const glm::vec3 forward = glm::normalize(-orbit_eye(pose(0.5f, 0.2f)));
    CHECK(glm::length(q * glm::vec3(0, 0, -1) - forward) < 1e-5f);
    CHECK(glm::length(q * glm::vec3(1, 0, 0) - glm::vec3(glm::transpose(glm::mat3(scene.views[1].modelview))[0])) < 1e-5f);
    const nlohmann::json& camera = doc["cameras"][int(node["camera"])];
    CHECK(double(camera["perspective"]["yfov"]) == doctest::Approx(45.0 * M_PI / 180.0));
}

TEST_CASE("glb: merged views, no cameras, an animated trajectory") {
    const int n = 6;
    const Scene scene = scene_of({flat_view(pose(0.0f), n, 2.0f), flat_view(pose(0.5f), n, 2.0f)}, n);
    GltfExportSettings settings;
    settings.merge_views = true;
    settings.cameras = false;
    settings.trajectory = trajectory_swing(10);
    settings.fps = 5.0f;
    GltfExportSummary summary;
    const nlohmann::json doc = glb_json(scene_glb(scene, settings, &summary));
    CHECK(doc["meshes"].size() == 1);
    CHECK(summary.cameras == 1);
    CHECK(summary.animation_keys == 10);
    const nlohmann::json& animation = doc["animations"][0];
    const int input = animation["samplers"][0]["input"];
    CHECK(doc["accessors"][input]["count"] == 10);
    CHECK(double(doc["accessors"][input]["max"][0]) == doctest::Approx(9.0 / 5.0));
    CHECK(animation["channels"][1]["target"]["path"] == "rotation");

    Scene empty = scene_of({flat_view(pose(0.0f), n, 0.0f)}, n);
    empty.views[0].depth = Image(n, n, 1, 0.0f);
    for (int r = 0; r < n; ++r)
        for (int c = 0; c < n; ++c) empty.views[0].depth.at(r, c) = (r + c) % 2 ? 1.0f : 4.0f;  // all edges
    CHECK(contains(message_of([&] { scene_glb(empty, GltfExportSettings{}); }), "no surface left"));
}

TEST_CASE("float depth: OpenEXR Z and 16-bit millimetres read back") {
    const TempDir tmp;
    const int n = 5;
    Scene scene = scene_of({flat_view(pose(0.0f), n, 1.2345678f, 4.75f)}, n);
    scene.views[0].depth.at(0, 0) = 0.0f;
    const FloatDepthSummary s = write_view_depths(scene, tmp.path / "depth", false);
    CHECK(s.files == 2);
    CHECK(s.min_depth == 1.2345678f);
    CHECK(s.max_depth == 4.75f);
    const Image z = read_exr_z(tmp.path / "depth" / "view_000.exr");
    CHECK(z.data == scene.views[0].depth.data);  // bit-exact
    const Image mm = read_png16(tmp.path / "depth" / "view_000_mm.png");
    CHECK(mm.at(0, 0) == 0.0f);
    CHECK(mm.at(0, 1) == 1235.0f);
    CHECK(mm.at(0, 4) == 4750.0f);
    CHECK(contains(message_of([&] { write_view_depths(scene, tmp.path / "depth", false); }), "depth"));
    CHECK(contains(message_of([&] { read_exr_z(tmp.path / "depth" / "view_000_mm.png"); }), "view_000_mm.png"));
}

TEST_CASE("export_scene: formats by name, paths that fit them, options a format does not hold") {
    const TempDir tmp;
    const int n = 5;
    const Scene scene = scene_of({flat_view(pose(0.0f), n, 1.5f)}, n);
    for (const auto& [f, name] : kSceneExportFormatNames) CHECK(parse_scene_export_format(scene_export_format_name(f)) == f);
    CHECK(message_of([] { parse_scene_export_format("obj"); }) ==
          "format: expected \"glb\", \"points\", \"splat\", \"nerfstudio\" or \"depth\", found \"obj\"");
    CHECK(export_path_fits(SceneExportFormat::Glb, "a/scene.glb"));
    CHECK_FALSE(export_path_fits(SceneExportFormat::Splat, "scene.glb"));
    CHECK(export_path_fits(SceneExportFormat::Depth, "depth"));
    CHECK_FALSE(export_path_fits(SceneExportFormat::Nerfstudio, ""));

    SceneExportOptions o;
    o.format = SceneExportFormat::Points;
    const nlohmann::json report = export_scene(scene, o, tmp.path / "p.ply");
    CHECK(report["points"] == size_t(n * n));
    CHECK(contains(message_of([&] { export_scene(scene, o, tmp.path / "p.ply"); }), "p.ply: already exists"));
    CHECK(contains(message_of([&] { export_scene(scene, o, tmp.path / "p.glb"); }),
                   "scene export: output path: expected FILE.ply, found '"));
    o.trajectory = {pose(0.1f)};
    CHECK(contains(message_of([&] { export_scene(scene, o, tmp.path / "t.ply"); }), "scene export: trajectory: expected glb"));
    o.trajectory.clear();
    o.format = SceneExportFormat::Glb;
    o.dedup = true;
    CHECK(contains(message_of([&] { export_scene(scene, o, tmp.path / "d.glb"); }), "scene export: dedup: expected points or splat"));
    CHECK(test::entries_in(tmp.path) == 1);
}

TEST_CASE("nerfstudio dataset: transforms.json, images, millimetre depth, initial points") {
    const TempDir tmp;
    const int n = 6;
    const Scene scene = scene_of({flat_view(pose(0.0f), n, 2.0f), flat_view(pose(0.4f, -0.1f), n, 1.5f)}, n);
    const NerfstudioExportSummary s = write_nerfstudio_dataset(scene, ivid_cuts(), tmp.path / "ns", false);
    CHECK(s.frames == 2);
    const nlohmann::json t = parse_json_file(tmp.path / "ns" / "transforms.json");
    CHECK(t["camera_model"] == "OPENCV");
    CHECK(double(t["fl_x"]) == doctest::Approx(3.0 / std::tan(22.5 * M_PI / 180.0)));
    CHECK(t["w"] == n);
    CHECK(t["ply_file_path"] == "sparse_pc.ply");
    CHECK(t["ivid_export"]["version"] == kNerfstudioExportVersion);
    const nlohmann::json& frame = t["frames"][1];
    CHECK(frame["file_path"] == "images/frame_00002.png");
    CHECK(frame["depth_file_path"] == "depths/frame_00002.png");
    const glm::dmat4 c2w = camera_to_world(scene.views[1].modelview);
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) CHECK(double(frame["transform_matrix"][r][c]) == doctest::Approx(c2w[c][r]));
    CHECK(read_png16(tmp.path / "ns" / "depths" / "frame_00002.png").at(2, 2) == 1500.0f);
    CHECK(read_image_u8(tmp.path / "ns" / "images" / "frame_00001.png", 3).data == scene.views[0].color.data);
    CHECK(fs::exists(tmp.path / "ns" / "sparse_pc.ply"));
    CHECK(contains(message_of([&] { write_nerfstudio_dataset(scene, ivid_cuts(), tmp.path / "ns", false); }), "ns"));
}

TEST_CASE("camera paths: keyframes and frames round-trip through nerfstudio's format") {
    KeyframePath path;
    path.keys = {{0.0f, pose(0.0f)}, {1.5f, pose(0.6f, 0.2f)}, {4.0f, pose(-0.4f, -0.1f)}};
    path.keys[1].pose.radius = 1.3f;
    path.keys[2].pose.target = glm::vec3(0.1f, -0.05f, 0.2f);
    CameraPathFormat format;
    format.fps = 10.0;
    const nlohmann::json doc = nerfstudio_camera_path(path, format, 41);
    CHECK(doc["camera_path"].size() == 41);
    CHECK(double(doc["seconds"]) == doctest::Approx(4.1));
    CHECK(doc["keyframes"][0]["override_transition_sec"] == 1.5);
    CHECK(doc["keyframes"][2]["override_transition_enabled"] == false);

    // nerfstudio's own reading of a camera: 16 numbers, row by row.
    const nlohmann::json& m = doc["camera_path"][15]["camera_to_world"];
    const glm::dmat4 expected = camera_to_world(orbit_modelview(trajectory_keyframes(path, 41)[15]));
    for (int r = 0; r < 4; ++r)
        for (int c = 0; c < 4; ++c) CHECK(double(m[r * 4 + c]) == doctest::Approx(expected[c][r]).epsilon(1e-6));

    const ImportedCameraPath keys = import_nerfstudio_camera_path(doc, "path.json", CameraPathImport::Keyframes);
    REQUIRE(keys.path.keys.size() == 3);
    CHECK_FALSE(keys.fov_varies);
    CHECK(keys.frames == 41);
    const nlohmann::json again = nerfstudio_camera_path(keys.path, keys.format, 41);
    for (size_t k = 0; k < 3; ++k) {
        CHECK(keys.path.keys[k].time == path.keys[k].time);
        for (int i = 0; i < 16; ++i)
            CHECK(double(again["keyframes"][k]["matrix"][i]) == doctest::Approx(double(doc["keyframes"][k]["matrix"][i])).epsilon(1e-5));
    }
    const ImportedCameraPath frames = import_nerfstudio_camera_path(doc, "path.json", CameraPathImport::Frames);
    REQUIRE(frames.path.keys.size() == 41);
    const nlohmann::json dense = nerfstudio_camera_path(frames.path, frames.format, 41);
    for (size_t f = 0; f < 41; ++f)
        for (int i = 0; i < 16; ++i)
            CHECK(double(dense["camera_path"][f]["camera_to_world"][i]) ==
                  doctest::Approx(double(doc["camera_path"][f]["camera_to_world"][i])).epsilon(1e-5));
}

TEST_CASE("camera paths: bad input names the file and key") {
    KeyframePath path;
    path.keys = {{0.0f, pose(0.0f)}, {1.0f, pose(0.5f)}};
    const nlohmann::json good = nerfstudio_camera_path(path, CameraPathFormat{}, 5);
    auto error = [&](const std::function<void(nlohmann::json&)>& edit) {
        nlohmann::json doc = good;
        edit(doc);
        return message_of([&] { import_nerfstudio_camera_path(doc, "cp.json", CameraPathImport::Keyframes); });
    };
    CHECK(contains(error([](nlohmann::json& d) { d.erase("render_width"); }), "cp.json: render_width"));
    CHECK(contains(error([](nlohmann::json& d) { d["keyframes"][1]["matrix"].erase(3); }), "keyframes[1].matrix"));
    CHECK(contains(error([](nlohmann::json& d) { d["keyframes"] = nlohmann::json::array(); }), "at least one camera"));
    CHECK(contains(error([](nlohmann::json& d) { d["camera_type"] = "fisheye"; }), "camera_type"));
    CHECK(contains(error([](nlohmann::json& d) { d["keyframes"][0]["matrix"][15] = 2.0; }), "rigid"));
    CHECK(contains(error([](nlohmann::json& d) { d["fps"] = -1; }), "fps"));
    // A rolled camera: rotate the first camera 10 degrees about its viewing axis.
    CHECK(contains(error([](nlohmann::json& d) {
                       const double c = std::cos(0.1745), s = std::sin(0.1745);
                       d["keyframes"][0]["matrix"] = {c, -s, 0, 0, s, c, 0, 0, 0, 0, 1, 1, 0, 0, 0, 1};
                   }),
                   "no roll"));
    // The old viewer's string matrices still read.
    nlohmann::json old = good;
    old["keyframes"][1]["matrix"] = good["keyframes"][1]["matrix"].dump();
    CHECK(import_nerfstudio_camera_path(old, "cp.json", CameraPathImport::Keyframes).path.keys.size() == 2);
}

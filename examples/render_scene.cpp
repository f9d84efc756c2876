// Example: render a scene headless through the fusion renderer and save the frame as a PNG.
// The calls the studio's viewport and `ivid render` make, in the order they make them.
//   render_scene SCENE_DIR OUT.png [YAW_RADIANS]
#include <cstdio>
#include <cstdlib>
#include <exception>

#include "core/geometry/camera.hpp"
#include "core/image/image_io.hpp"
#include "core/scene/scene_io.hpp"
#include "core/scene/scene_meshing.hpp"
#include "render/fusion_renderer.hpp"
#include "render/headless_context.hpp"

int main(int argc, char** argv) {
    if (argc < 3) {
        std::fprintf(stderr, "usage: render_scene SCENE_DIR OUT.png [YAW_RADIANS]\n");
        return 2;
    }
    try {
        const ivid::Scene scene = ivid::load_scene(argv[1]);  // validates every file
        ivid::HeadlessContext context;                        // EGL, no display needed
        ivid::FusionRenderer renderer;
        // Mesh each view with the tolerances the scene was generated with (IVID's if none).
        renderer.set_scene(scene, ivid::meshing_from_provenance(scene));

        ivid::OrbitPose pose;  // IVID's orbit: radius 1 around the origin, +y up
        pose.yaw = argc > 3 ? std::strtof(argv[3], nullptr) : 0.0f;
        ivid::FusionRenderSettings settings;  // depth-aware blending, the scene's 45 degree fov
        settings.fov_deg = scene.fov_deg;
        renderer.render(ivid::orbit_modelview(pose), 512, 512, settings);

        ivid::write_png(argv[2], ivid::to_u8_truncate(renderer.read_color()));
        std::printf("%s: %d views, %s -> %s\n", argv[1], renderer.view_count(), context.description().c_str(), argv[2]);
        return 0;
    } catch (const std::exception& e) {  // ivid::Error names the file, key and value
        std::fprintf(stderr, "render_scene: %s\n", e.what());
        return 1;
    }
}

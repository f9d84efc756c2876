// GL tests (need a display: run under xvfb-run, as `make test` does): embedded shaders compile,
// shader errors carry the file name and driver log, and a scene view's mesh rendered from its
// own pose reproduces that view's colour image.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <functional>
#include <string>

#include <glm/gtc/matrix_transform.hpp>

#include "core/geometry/camera.hpp"
#include "core/util/error.hpp"
#include "render/gl/framebuffer.hpp"
#include "render/gl/shader_program.hpp"
#include "render/gl/shader_sources.hpp"
#include "render/mesh_view_renderer.hpp"
#include "render/platform/glfw_window.hpp"
#include "tests/gl/synthetic_scene.hpp"

namespace {

// One hidden window (one GL context) for the whole program.
ivid::GlfwWindow& context() {
    static ivid::GlfwWindow window(ivid::WindowOptions{64, 64, "ivid gl tests", false});
    return window;
}

std::string error_of(const std::function<void()>& fn) {
    try {
        fn();
    } catch (const ivid::Error& e) {
        return e.what();
    }
    return "";
}

bool contains(const std::string& text, const std::string& part) {
    return text.find(part) != std::string::npos;
}

struct Comparison {
    double mean_abs_error = 0.0;  // over drawn pixels and channels, in [0, 1]
    double drawn_fraction = 0.0;
};

// Compares the drawn pixels (alpha 255) of an RGBA render with an RGB reference.
Comparison compare_drawn(const ivid::ImageU8& rgba, const ivid::ImageU8& reference) {
    Comparison result;
    size_t drawn = 0;
    double error_sum = 0.0;
    for (int r = 0; r < rgba.height; ++r)
        for (int c = 0; c < rgba.width; ++c) {
            if (rgba.at(r, c, 3) != 255) continue;
            ++drawn;
            for (int ch = 0; ch < 3; ++ch)
                error_sum += std::abs(rgba.at(r, c, ch) - reference.at(r, c, ch)) / 255.0;
        }
    result.drawn_fraction = static_cast<double>(drawn) / rgba.pixel_count();
    result.mean_abs_error = drawn > 0 ? error_sum / (3.0 * drawn) : 1.0;
    return result;
}

// The synthetic scene on the GPU, the viewer and an image-sized target to draw into.
struct SceneRender {
    ivid::Scene scene = (context(), ivid::test::make_synthetic_scene(64));
    ivid::SceneGpu gpu{scene};
    ivid::MeshViewRenderer renderer;
    glm::mat4 projection = ivid::perspective(scene.fov_deg, 1.0f, 0.1f, 100.0f);
    ivid::gl::Framebuffer target{scene.image_size, scene.image_size};

    // Binds the target and clears it to transparent black and far depth.
    void clear() const {
        target.bind();
        glClearColor(0.0f, 0.0f, 0.0f, 0.0f);
        glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    }
};

}  // namespace

TEST_CASE("every embedded shader compiles, and the viewer program links") {
    context();
    const auto names = ivid::gl::shader_names();
    CHECK(std::find(names.begin(), names.end(), "mesh_view.vert") != names.end());
    CHECK(std::find(names.begin(), names.end(), "mesh_view.frag") != names.end());
    for (std::string_view name : names) {
        if (name.size() > 5 && name.substr(name.size() - 5) == ".glsl") continue;  // snippets
        INFO("shader " << name);
        CHECK_NOTHROW(ivid::gl::compile_shader(
            {std::string(name), ivid::gl::embedded_source_with_includes(std::string(name))}));
    }
    CHECK_NOTHROW(ivid::MeshViewRenderer());
}

TEST_CASE("shader errors name the shader file and carry the driver log") {
    context();
    const std::string compile = error_of([] {
        ivid::gl::compile_shader({"broken.frag", "#version 450 core\n"
                                                 "out vec4 color;\n"
                                                 "void main() { color = undefined_thing; }\n"});
    });
    CHECK(contains(compile, "broken.frag: compile failed"));
    CHECK(contains(compile, "undefined_thing"));  // the driver's own words

    // Compiles alone but the fragment input has no matching vertex output.
    const std::string link = error_of([] {
        ivid::gl::ShaderProgram({{"plain.vert", "#version 450 core\n"
                                                "void main() { gl_Position = vec4(0.0); }\n"},
                                 {"needs_input.frag", "#version 450 core\n"
                                                      "in vec4 missing_varying;\n"
                                                      "out vec4 color;\n"
                                                      "void main() { color = missing_varying; }\n"}});
    });
    CHECK(contains(link, "plain.vert + needs_input.frag: link failed"));
    CHECK(contains(link, "missing_varying"));

    CHECK(contains(error_of([] { ivid::gl::shader_source("nonexistent.frag"); }),
                   "nonexistent.frag"));
    CHECK(contains(error_of([] { ivid::gl::shader_stage("common.glsl"); }), "common.glsl"));
    CHECK(contains(error_of([] {
                       ivid::gl::ShaderProgram::from_embedded({"mesh_view.vert", "mesh_view.frag"})
                           .set("no_such_uniform", 1.0f);
                   }),
                   "no_such_uniform"));
}

// Every mesh vertex sits at a pixel centre of its source view, so drawn from that view's own
// pose each pixel centre lands exactly on a vertex: the pixel shows that vertex's texel (NEAREST)
// and is discarded exactly when the vertex carries the discontinuity bit (the interpolated flag
// equals the vertex's own). A correct renderer therefore gives ~0 colour error on drawn pixels.
// The 0.03 bound leaves room for a driver that breaks ties (pixel centres exactly on triangle
// edges) or rounds uv differently at a few per cent of pixels, while a vertically flipped
// texture, a half-pixel shift or a wrong camera moves the texture by whole pixels and gives
// errors near 0.2 (the flipped reference is asserted to be far off, so the check has teeth).
TEST_CASE_FIXTURE(SceneRender,
                  "a view's mesh drawn from its own pose reproduces the view, minus flagged pixels") {
    const int n = scene.image_size;
    REQUIRE(gpu.views().size() == scene.views.size());
    for (size_t i = 0; i < scene.views.size(); ++i) {
        const ivid::View& view = scene.views[i];
        clear();
        renderer.draw_view(gpu.views()[i], view.modelview, projection);
        const ivid::ImageU8 render = target.read_rgba();

        const Comparison same = compare_drawn(render, view.color);
        const Comparison flipped = compare_drawn(render, ivid::flip_vertical(view.color));
        // Interior pixels (the outer ring lies on the mesh border, where coverage is a tie): a
        // flagged vertex's pixel is never drawn, and every other pixel is drawn unless it
        // touches a flagged vertex. There, as in IVID, the flag interpolated at the vertex can
        // come out slightly below 0 (e.g. -1e-7), and mod(-1e-7, 2) = 2 - 1e-7 discards it.
        const ivid::RgbdMesh mesh =
            ivid::depth_to_mesh(view.depth, ivid::viewer_mesh_options(scene.fov_deg), view.modelview);
        const auto is_flagged = [&](int r, int c) {
            return (mesh.flags[r * n + c] & ivid::kFlagDiscontinuity) != 0;
        };
        int flagged = 0, flagged_drawn = 0, undrawn_near_edge = 0, undrawn_elsewhere = 0;
        for (int r = 1; r < n - 1; ++r)
            for (int c = 1; c < n - 1; ++c) {
                const bool drawn = render.at(r, c, 3) == 255;
                if (is_flagged(r, c)) {
                    ++flagged;
                    flagged_drawn += drawn;
                    continue;
                }
                if (drawn) continue;
                bool near_edge = false;
                for (int dr = -1; dr <= 1; ++dr)
                    for (int dc = -1; dc <= 1; ++dc) near_edge |= is_flagged(r + dr, c + dc);
                (near_edge ? undrawn_near_edge : undrawn_elsewhere) += 1;
            }
        MESSAGE("view " << i << ": mean abs error " << same.mean_abs_error << " on "
                        << same.drawn_fraction << " of the pixels (flipped reference "
                        << flipped.mean_abs_error << "); interior: " << flagged << " flagged, "
                        << flagged_drawn << " of them drawn; undrawn unflagged: "
                        << undrawn_near_edge << " next to a flagged pixel, " << undrawn_elsewhere
                        << " elsewhere");
        CHECK(same.drawn_fraction > 0.5);
        CHECK(same.mean_abs_error < 0.03);
        CHECK(flipped.mean_abs_error > 0.1);
        CHECK(flagged > 0);  // the scene has depth edges, so discarding is exercised
        CHECK(flagged_drawn == 0);
        CHECK(undrawn_elsewhere == 0);
    }
}

// A second copy of the front view's mesh pushed 0.3 further away covers most of the same pixels
// and is drawn last: only the depth test keeps it behind, so the image must stay the view's own.
TEST_CASE_FIXTURE(SceneRender, "meshes are depth tested: a farther mesh drawn later stays hidden") {
    const glm::mat4& view = scene.views[0].modelview;
    const glm::mat4 farther = glm::translate(glm::mat4(1.0f), glm::vec3(0.0f, 0.0f, -0.3f)) * view;
    clear();
    renderer.draw_view(gpu.views()[0], view, projection);
    const ivid::ImageU8 alone = target.read_rgba();
    renderer.draw_view(gpu.views()[0], farther, projection);
    const ivid::ImageU8 both = target.read_rgba();

    // The pushed copy alone differs a lot from the view (so hiding it is a real check)...
    clear();
    renderer.draw_view(gpu.views()[0], farther, projection);
    const Comparison pushed = compare_drawn(target.read_rgba(), scene.views[0].color);
    // ...but drawn after the original it may only show where the original left holes.
    size_t changed = 0;
    for (size_t p = 0; p < alone.pixel_count(); ++p)
        changed += alone.data[4 * p + 3] == 255 &&
                   std::memcmp(&alone.data[4 * p], &both.data[4 * p], 4) != 0;
    MESSAGE("pushed copy alone: error " << pushed.mean_abs_error << "; drawn over the view: "
                                        << changed << " of its pixels changed");
    CHECK(pushed.mean_abs_error > 0.1);
    CHECK(changed == 0);
}

// From a view's own pose, that view's mesh is nearest the camera and must win wherever it has
// data, though the other views' meshes describe the same surfaces at almost the same depth.
TEST_CASE_FIXTURE(SceneRender,
                  "drawing the whole scene, the view nearest the camera takes precedence") {
    for (size_t i = 0; i < scene.views.size(); ++i) {
        clear();
        renderer.draw_view(gpu.views()[i], scene.views[i].modelview, projection);
        const ivid::ImageU8 alone = target.read_rgba();
        clear();
        renderer.draw(gpu, scene.views[i].modelview, projection);
        const ivid::ImageU8 all = target.read_rgba();
        size_t covered = 0, differing = 0;
        for (size_t p = 0; p < alone.pixel_count(); ++p) {
            if (alone.data[4 * p + 3] != 255) continue;
            ++covered;
            differing += std::memcmp(&alone.data[4 * p], &all.data[4 * p], 4) != 0;
        }
        MESSAGE("view " << i << ": " << differing << " of " << covered
                        << " pixels differ from the view drawn alone");
        CHECK(covered > 0);
        CHECK(differing == 0);
    }
}

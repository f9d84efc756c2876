// GL tests (need a display: run under xvfb-run, as `make test` does): embedded shaders compile,
// shader errors carry the file name and driver log, and a scene view's mesh rendered from its
// own pose reproduces that view's colour image.
#include <doctest/doctest.h>

#include <algorithm>
#include <cmath>
#include <functional>
#include <string>

#include "core/geometry/camera.hpp"
#include "core/util/error.hpp"
#include "gui/gl/framebuffer.hpp"
#include "gui/gl/shader_program.hpp"
#include "gui/gl/shader_sources.hpp"
#include "gui/platform/glfw_window.hpp"
#include "gui/render/mesh_view_renderer.hpp"
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
            {std::string(name), std::string(ivid::gl::shader_source(name))}));
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
// pose each pixel centre lands on a vertex and NEAREST texturing returns exactly that pixel's
// colour: a correct renderer gives ~0 error on drawn pixels. The 0.03 bound leaves room for a
// driver to break ties (pixel centres exactly on triangle edges) or round uv differently at a
// few per cent of pixels, while a vertically flipped texture, a half-pixel shift or a wrong
// camera moves the 3-6 pixel checkers and gives errors near 0.2 (asserted below).
TEST_CASE("a view's mesh drawn from its own pose reproduces the view's colour image") {
    context();
    const ivid::Scene scene = ivid::test::make_synthetic_scene(64);
    const ivid::SceneGpu gpu(scene);
    const ivid::MeshViewRenderer renderer;
    const glm::mat4 projection = ivid::perspective(scene.fov_deg, 1.0f, 0.1f, 100.0f);
    ivid::gl::Framebuffer target(scene.image_size, scene.image_size);
    REQUIRE(gpu.views().size() == scene.views.size());
    for (size_t i = 0; i < scene.views.size(); ++i) {
        target.bind();
        glClearColor(0.0f, 0.0f, 0.0f, 0.0f);
        glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
        renderer.draw_view(gpu.views()[i], scene.views[i].modelview, projection);
        const ivid::ImageU8 render = target.read_rgba();

        const Comparison same = compare_drawn(render, scene.views[i].color);
        const Comparison flipped = compare_drawn(render, ivid::flip_vertical(scene.views[i].color));
        INFO("view " << i << ": mean abs error " << same.mean_abs_error << " over "
                     << same.drawn_fraction << " of the pixels; flipped reference "
                     << flipped.mean_abs_error);
        MESSAGE("view " << i << ": mean abs error " << same.mean_abs_error << ", drawn fraction "
                        << same.drawn_fraction << ", vs flipped image " << flipped.mean_abs_error);
        // Only the sphere's silhouette (discontinuity-flagged, discarded) and the mesh's outer
        // half-pixel ring may stay undrawn.
        CHECK(same.drawn_fraction > 0.85);
        CHECK(same.mean_abs_error < 0.03);
        CHECK(flipped.mean_abs_error > 0.1);
    }
}

TEST_CASE("discontinuity-flagged triangles are not drawn") {
    context();
    const ivid::Scene scene = ivid::test::make_synthetic_scene(64);
    const ivid::SceneGpu gpu(scene);
    const ivid::MeshViewRenderer renderer;
    ivid::gl::Framebuffer target(scene.image_size, scene.image_size);
    target.bind();
    glClearColor(0.0f, 0.0f, 0.0f, 0.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    renderer.draw_view(gpu.views()[0], scene.views[0].modelview,
                       ivid::perspective(scene.fov_deg, 1.0f, 0.1f, 100.0f));
    const ivid::ImageU8 render = target.read_rgba();
    // The front view's centre row crosses the sphere's silhouette (depth 0.76 -> 2.5): the
    // pixels at the jump are flagged and must stay empty, the sphere centre and far plane drawn.
    const ivid::RgbdMesh mesh = ivid::depth_to_mesh(scene.views[0].depth,
                                                    ivid::viewer_mesh_options(scene.fov_deg),
                                                    scene.views[0].modelview);
    const int row = scene.image_size / 2;
    int flagged = 0;
    for (int c = 1; c < scene.image_size - 1; ++c) {
        const bool edge = mesh.flags[row * scene.image_size + c] & ivid::kFlagDiscontinuity;
        flagged += edge;
        if (edge) CHECK_MESSAGE(render.at(row, c, 3) == 0, "column " << c);
    }
    CHECK(flagged >= 2);  // both sides of the sphere
    CHECK(render.at(row, row, 3) == 255);
    CHECK(render.at(row, 2, 3) == 255);
}

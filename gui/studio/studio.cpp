#include "gui/studio/studio.hpp"

#include <cstdio>
#include <exception>
#include <string>

// glad before GLFW, so GLFW does not include the system GL header.
#include "gui/gl/gl.hpp"
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>
#include <imgui_stdlib.h>

#include "core/geometry/camera.hpp"
#include "core/image/image_io.hpp"
#include "core/scene/scene_io.hpp"
#include "gui/gl/framebuffer.hpp"
#include "gui/platform/glfw_window.hpp"
#include "gui/render/mesh_view_renderer.hpp"
#include "gui/studio/orbit_controller.hpp"

namespace fs = std::filesystem;

namespace ivid {
namespace {

constexpr float kViewerNear = 0.01f;
constexpr float kViewerFar = 100.0f;
constexpr double kIdleRedrawSeconds = 0.25;
const ImVec4 kErrorColour(1.0f, 0.45f, 0.4f, 1.0f);

// The scene folder a dropped path stands for: a folder itself, or the folder of a dropped file
// (so dropping scene.json works too).
fs::path scene_folder_of(const fs::path& dropped) {
    std::error_code error;
    return fs::is_regular_file(dropped, error) ? dropped.parent_path() : dropped;
}

// RAII for the ImGui context and its GLFW + OpenGL3 backends.
class ImGuiLayer {
public:
    explicit ImGuiLayer(GLFWwindow* window) {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;  // no imgui.ini in whatever folder we run from
        ImGui::StyleColorsDark();
        ImGui_ImplGlfw_InitForOpenGL(window, true);
        ImGui_ImplOpenGL3_Init("#version 450 core");
    }
    ~ImGuiLayer() {
        ImGui_ImplOpenGL3_Shutdown();
        ImGui_ImplGlfw_Shutdown();
        ImGui::DestroyContext();
    }
    ImGuiLayer(const ImGuiLayer&) = delete;
    ImGuiLayer& operator=(const ImGuiLayer&) = delete;
};

}  // namespace

struct Studio::State {
    StudioOptions options;
    GlfwWindow window;
    ImGuiLayer imgui;
    MeshViewRenderer renderer;
    OrbitController camera;

    std::optional<Scene> scene;
    std::optional<SceneGpu> scene_gpu;
    fs::path scene_dir;
    std::string path_field;
    std::string load_error;
    std::optional<fs::path> dropped;

    explicit State(const StudioOptions& studio_options)
        : options(studio_options),
          window(WindowOptions{}),
          imgui(window.handle()) {}

    void open_scene(const fs::path& dir);
    void handle_camera_input();
    void draw_scene_panel();
    void draw_scene_summary();
    void render_frame();
};

void Studio::State::open_scene(const fs::path& dir) {
    path_field = dir.string();
    try {
        Scene loaded = load_scene(dir);
        SceneGpu uploaded(loaded);
        scene = std::move(loaded);
        scene_gpu = std::move(uploaded);
        scene_dir = dir;
        load_error.clear();
        camera.reset();
    } catch (const std::exception& e) {
        load_error = e.what();
        std::fprintf(stderr, "ivid-studio: cannot open scene %s: %s\n", dir.string().c_str(),
                     e.what());
    }
}

void Studio::State::handle_camera_input() {
    const ImGuiIO& io = ImGui::GetIO();
    if (!io.WantCaptureMouse) {
        if (ImGui::IsMouseDoubleClicked(ImGuiMouseButton_Left))
            camera.reset();
        else if (ImGui::IsMouseDown(ImGuiMouseButton_Left))
            camera.orbit(io.MouseDelta.x, io.MouseDelta.y);
        if (ImGui::IsMouseDown(ImGuiMouseButton_Right) ||
            ImGui::IsMouseDown(ImGuiMouseButton_Middle))
            camera.pan(io.MouseDelta.x, io.MouseDelta.y, io.DisplaySize.y,
                       scene ? scene->fov_deg : 45.0f);
        if (io.MouseWheel != 0.0f) camera.zoom(io.MouseWheel);
    }
    if (!io.WantCaptureKeyboard) {
        // ImGui 1.86 indexes keys by the backend's (GLFW) key codes.
        if (ImGui::IsKeyPressed(GLFW_KEY_R, false)) camera.reset();
        camera.nudge(ImGui::IsKeyPressed(GLFW_KEY_RIGHT) - ImGui::IsKeyPressed(GLFW_KEY_LEFT),
                     ImGui::IsKeyPressed(GLFW_KEY_UP) - ImGui::IsKeyPressed(GLFW_KEY_DOWN));
    }
}

void Studio::State::draw_scene_summary() {
    const Provenance& p = scene->provenance;
    ImGui::Text("Folder: %s", scene_dir.string().c_str());
    ImGui::Text("Views: %zu (%d x %d, fov %.0f deg)", scene->views.size(), scene->image_size,
                scene->image_size, scene->fov_deg);
    ImGui::Separator();
    ImGui::Text("Made by: %s (%s)", p.generator.c_str(),
                p.ground_truth ? "ground truth render" : "generated");
    if (!p.date.empty()) ImGui::Text("Date: %s", p.date.c_str());
    if (p.seed) ImGui::Text("Seed: %llu", static_cast<unsigned long long>(*p.seed));
    if (p.class_label) ImGui::Text("Class label: %d", *p.class_label);
    for (const ModelIdentity& model : p.models)
        ImGui::BulletText("%s model: %s (sha256 %.12s)", model.role.c_str(), model.name.c_str(),
                          model.sha256.c_str());
    if (!p.sampler.empty() && ImGui::TreeNode("Sampler settings")) {
        ImGui::TextUnformatted(p.sampler.dump(2).c_str());
        ImGui::TreePop();
    }
}

void Studio::State::draw_scene_panel() {
    ImGui::SetNextWindowPos(ImVec2(12.0f, 12.0f), ImGuiCond_FirstUseEver);
    ImGui::Begin("Scene", nullptr, ImGuiWindowFlags_AlwaysAutoResize);
    ImGui::SetNextItemWidth(380.0f);
    const bool entered = ImGui::InputText("##folder", &path_field,
                                          ImGuiInputTextFlags_EnterReturnsTrue);
    ImGui::SameLine();
    if ((ImGui::Button("Open") || entered) && !path_field.empty()) open_scene(path_field);
    ImGui::TextDisabled("or drop a scene folder onto the window");
    if (!load_error.empty()) {
        ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + 460.0f);
        ImGui::TextColored(kErrorColour, "Cannot open the scene: %s", load_error.c_str());
        ImGui::PopTextWrapPos();
    }
    ImGui::Separator();
    if (scene)
        draw_scene_summary();
    else
        ImGui::TextUnformatted("No scene open.");
    ImGui::Separator();
    const OrbitPose& pose = camera.pose();
    ImGui::Text("Camera: yaw %.1f, pitch %.1f deg, radius %.2f", glm::degrees(pose.yaw),
                glm::degrees(pose.pitch), pose.radius);
    if (ImGui::Button("Front view (R)")) camera.reset();
    ImGui::TextDisabled("left drag: orbit   right/middle drag: pan   wheel: zoom\n"
                        "arrows: nudge   R or double-click: front view");
    ImGui::End();
}

void Studio::State::render_frame() {
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    handle_camera_input();
    draw_scene_panel();
    ImGui::Render();

    int width = 0, height = 0;
    glfwGetFramebufferSize(window.handle(), &width, &height);
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, width, height);
    glClearColor(0.12f, 0.12f, 0.14f, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    if (scene_gpu && width > 0 && height > 0) {
        const float aspect = static_cast<float>(width) / static_cast<float>(height);
        renderer.draw(*scene_gpu, camera.view_matrix(),
                      perspective(scene->fov_deg, aspect, kViewerNear, kViewerFar));
    }
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

Studio::Studio(const StudioOptions& options) : state_(std::make_unique<State>(options)) {
    GLFWwindow* window = state_->window.handle();
    glfwSetWindowUserPointer(window, state_.get());
    glfwSetDropCallback(window, [](GLFWwindow* w, int count, const char** paths) {
        if (count > 0)
            static_cast<State*>(glfwGetWindowUserPointer(w))->dropped = fs::path(paths[0]);
    });
    if (options.scene_dir) state_->open_scene(*options.scene_dir);
}

Studio::~Studio() = default;

int Studio::run() {
    State& s = *state_;
    // A scripted capture need not wait for the display's refresh.
    glfwSwapInterval(s.options.screenshot ? 0 : 1);
    for (int frame = 1; !glfwWindowShouldClose(s.window.handle()); ++frame) {
        if (s.options.screenshot)
            glfwPollEvents();
        else
            // Software GL (llvmpipe) spends tens of ms per frame: redraw on input, not
            // continuously; the timeout keeps ImGui's few time-based effects (cursor blink) alive.
            glfwWaitEventsTimeout(kIdleRedrawSeconds);
        if (s.dropped) {
            s.open_scene(scene_folder_of(*s.dropped));
            s.dropped.reset();
        }
        s.render_frame();
        if (s.options.screenshot && frame >= s.options.frames) {
            int width = 0, height = 0;
            glfwGetFramebufferSize(s.window.handle(), &width, &height);
            write_png(*s.options.screenshot, gl::read_pixels(0, width, height, 3));
            return 0;
        }
        glfwSwapBuffers(s.window.handle());
    }
    return 0;
}

}  // namespace ivid

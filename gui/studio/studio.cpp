#include "gui/studio/studio.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <exception>
#include <string>

// glad before GLFW, so GLFW does not include the system GL header.
#include "render/gl/gl.hpp"
#include <GLFW/glfw3.h>
#include <backends/imgui_impl_glfw.h>
#include <backends/imgui_impl_opengl3.h>
#include <imgui.h>

#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"
#include "gui/panels/camera_overlay.hpp"
#include "gui/panels/export_panel.hpp"
#include "gui/panels/generate_panel.hpp"
#include "gui/panels/help_panel.hpp"
#include "gui/panels/inspector_panel.hpp"
#include "gui/panels/main_menu.hpp"
#include "gui/panels/message_panel.hpp"
#include "gui/panels/scene_panel.hpp"
#include "gui/panels/view_panel.hpp"
#include "gui/panels/viewport_input.hpp"
#include "gui/state/config_dir.hpp"
#include "gui/state/default_scene_path.hpp"
#include "gui/state/studio_state.hpp"
#include "gui/state/window_events.hpp"
#include "gui/studio/screenshot.hpp"
#include "render/interactive_frame.hpp"
#include "render/platform/glfw_window.hpp"

namespace fs = std::filesystem;

namespace ivid {
namespace {

constexpr double kIdleRedrawSeconds = 0.25;
// While a generation runs: often enough for its progress, rarely enough to leave the sampler
// the CPU.
constexpr double kGenerationPollSeconds = 0.05;
// The settings the studio starts with, the config folder (the window layout), and whether the
// settings are saved there on exit (not when there is no config folder, when its file could not
// be read and must not be clobbered, or when they came from --settings).
struct LoadedSettings {
    StudioSettings settings;
    fs::path config_dir;
    bool persist = false;
    std::string error;
};

LoadedSettings load_settings(const std::optional<fs::path>& settings_file) {
    LoadedSettings loaded;
    try {
        loaded.config_dir = studio_config_dir();
    } catch (const std::exception& e) {
        loaded.error = std::string(e.what()) + " (defaults used; nothing is saved)";
        return loaded;
    }
    if (settings_file) {
        loaded.settings = read_studio_settings(*settings_file);
        return loaded;
    }
    try {
        loaded.settings = load_studio_settings(studio_settings_file(loaded.config_dir));
        loaded.persist = true;
    } catch (const std::exception& e) {
        loaded.error = std::string(e.what()) + " (defaults used; the file is left unchanged)";
    }
    return loaded;
}

// RAII for the ImGui context and its GLFW + OpenGL3 backends. The layout (imgui.ini) is read
// from `layout_file` when it exists and written only by save_layout (atomically), not by ImGui
// in whatever folder the studio runs from.
class ImGuiLayer {
public:
    ImGuiLayer(GLFWwindow* window, const fs::path& layout_file) {
        IMGUI_CHECKVERSION();
        ImGui::CreateContext();
        ImGui::GetIO().IniFilename = nullptr;
        std::error_code error;
        if (!layout_file.empty() && fs::exists(layout_file, error))
            ImGui::LoadIniSettingsFromDisk(layout_file.c_str());
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

    static void save_layout(const fs::path& layout_file) {
        size_t size = 0;
        const char* text = ImGui::SaveIniSettingsToMemory(&size);
        write_text_atomically(layout_file, std::string(text, size));
    }
};

bool same_pose(const OrbitPose& a, const OrbitPose& b) {
    return a.yaw == b.yaw && a.pitch == b.pitch && a.radius == b.radius && a.target == b.target;
}

// Everything a fused frame depends on; the viewport re-renders only when it changes.
struct RenderKey {
    OrbitPose pose;
    FusionRenderSettings settings;
    int width = 0, height = 0;
    uint64_t scene_generation = 0;
    int weight_view = 0;

    bool operator==(const RenderKey& o) const {
        return same_pose(pose, o.pose) && settings == o.settings && width == o.width && height == o.height &&
               scene_generation == o.scene_generation && weight_view == o.weight_view;
    }
};

// The largest rectangle of the given aspect centred in width x height (GL window coordinates).
void letterbox(int frame_w, int frame_h, int width, int height, int rect[4]) {
    const double scale = std::min(double(width) / frame_w, double(height) / frame_h);
    rect[2] = std::max(1, int(frame_w * scale));
    rect[3] = std::max(1, int(frame_h * scale));
    rect[0] = (width - rect[2]) / 2;
    rect[1] = (height - rect[3]) / 2;
}

}  // namespace

struct Studio::State {
    StudioOptions options;
    LoadedSettings loaded;
    GlfwWindow window;
    WindowEvents events;  // before ImGui, whose callbacks chain to these
    ImGuiLayer imgui;
    StudioState studio;
    InspectorPanel inspector;
    ExportPanel export_panel;
    GeneratePanel generate_panel;
    std::optional<RenderKey> rendered;  // what the renderer's output textures show
    InteractiveFrames interactive;      // sizes the frames shown while the camera moves
    bool scripted;
    // Errors before the run proper (a settings file replaced by defaults) do not fail a scripted
    // run: what it was asked to do can still succeed.
    int errors_at_start = 0;

    State(const StudioOptions& studio_options, LoadedSettings settings)
        : options(studio_options),
          loaded(std::move(settings)),
          window(WindowOptions{loaded.settings.window_width, loaded.settings.window_height}),
          events(window.handle()),
          imgui(window.handle(), loaded.config_dir.empty() ? fs::path() : studio_layout_file(loaded.config_dir)),
          studio(loaded.settings),
          scripted(options.screenshot || options.exit) {
        if (!loaded.error.empty()) studio.report_error("Settings", Error(loaded.error));
        errors_at_start = studio.errors_reported;
    }

    RenderKey target_render(int width, int height) const;
    void update_viewport(int width, int height);
    void draw_panels();
    void present(int width, int height);
    void frame();
    void take_requested_screenshot(int width, int height);
    void save_settings();
};

// The frame the viewport should show now: the window's size, or less while the camera moves
// and full frames are slow.
RenderKey Studio::State::target_render(int width, int height) const {
    RenderKey key{studio.camera.pose(), studio.settings.render, width, height,
                  studio.scene ? studio.scene->generation : 0, studio.settings.inspector.weight_view};
    // Moving: the camera changed, or a drag in the viewport goes on (the next mouse move would
    // otherwise wait for a full frame started the moment the mouse paused).
    const ImGuiIO& io = ImGui::GetIO();
    const bool dragging = !io.WantCaptureMouse && (ImGui::IsMouseDown(ImGuiMouseButton_Left) ||
                                                   ImGui::IsMouseDown(ImGuiMouseButton_Right) ||
                                                   ImGui::IsMouseDown(ImGuiMouseButton_Middle));
    // A generation streaming views into the viewer re-renders after each one: keep those
    // renders cheap too, for the sampler's sake.
    const bool moving = rendered && (dragging || !same_pose(rendered->pose, key.pose) || generate_panel.busy());
    if (moving) {
        const InteractiveFrame frame = interactive.frame(key.settings, width, height);
        key.width = frame.width;
        key.height = frame.height;
        key.settings = frame.settings;
    }
    return key;
}

void Studio::State::update_viewport(int width, int height) {
    if (studio.exporter) {
        advance_export(studio);
        rendered.reset();  // the renderer's textures now hold an export frame
        return;
    }
    if (!studio.scene || width <= 0 || height <= 0) return;
    const RenderKey key = target_render(width, height);
    if (rendered && *rendered == key) return;
    const bool reduced = key.width != width || key.height != height || !(key.settings == studio.settings.render);
    try {
        const auto start = std::chrono::steady_clock::now();
        studio.renderer.render(studio.camera.view_matrix(), key.width, key.height, key.settings,
                               studio.settings.inspector.weight_view);
        glFinish();  // so the time is the render's, not the submission's
        studio.last_render_ms =
            std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
        if (reduced)
            interactive.moving_frame_took(studio.last_render_ms);
        else
            interactive.full_frame_took(studio.last_render_ms);
        ++studio.frame_version;
        rendered = key;
    } catch (const std::exception& e) {
        // E.g. settings typed out of range: fall back to the defaults rather than fail each frame.
        studio.report_error("Cannot render the view (rendering settings reset)", e);
        studio.settings.render = FusionRenderSettings{};
    }
}

void Studio::State::draw_panels() {
    const PanelVisibility& panels = studio.settings.panels;
    draw_main_menu(studio);
    if (panels.scene) draw_scene_panel(studio);
    if (panels.view) draw_view_panel(studio);
    if (panels.inspector) inspector.draw(studio);
    if (panels.export_panel) export_panel.draw(studio);
    if (panels.generate) generate_panel.draw(studio);
    if (panels.help) draw_help_panel(studio);
    draw_camera_overlay(studio);
    draw_message_panel(studio);
}

void Studio::State::present(int width, int height) {
    glBindFramebuffer(GL_FRAMEBUFFER, 0);
    glViewport(0, 0, width, height);
    const glm::vec3 background = studio.settings.render.background;
    glClearColor(background.r, background.g, background.b, 1.0f);
    glClear(GL_COLOR_BUFFER_BIT | GL_DEPTH_BUFFER_BIT);
    const FusionRenderer& renderer = studio.renderer;
    if (studio.scene && renderer.width() > 0 && width > 0 && height > 0) {
        // A viewport frame (maybe at a reduced interactive size) fills the window; an export
        // frame keeps its own aspect.
        int rect[4] = {0, 0, width, height};
        if (!rendered) letterbox(renderer.width(), renderer.height(), width, height, rect);
        renderer.blit_color(0, rect[0], rect[1], rect[2], rect[3]);
    }
    ImGui_ImplOpenGL3_RenderDrawData(ImGui::GetDrawData());
}

void Studio::State::frame() {
    if (const std::optional<fs::path> dropped = events.take_dropped())
        studio.open_scene(WindowEvents::scene_folder_of(*dropped));
    ImGui_ImplOpenGL3_NewFrame();
    ImGui_ImplGlfw_NewFrame();
    ImGui::NewFrame();
    handle_viewport_input(studio, events.take_key_presses());
    generate_panel.update(studio);
    int width = 0, height = 0;
    glfwGetFramebufferSize(window.handle(), &width, &height);
    // Rendered before the panels, so the Inspector shows this frame, not the previous one.
    update_viewport(width, height);
    draw_panels();
    ImGui::Render();
    present(width, height);
    take_requested_screenshot(width, height);
}

void Studio::State::take_requested_screenshot(int width, int height) {
    if (!studio.screenshot_requested) return;
    studio.screenshot_requested = false;
    try {
        const fs::path file = next_screenshot_path(studio.settings.screenshot_dir);
        save_window_screenshot(file, width, height);
        studio.notify("Screenshot saved: " + fs::absolute(file).string());
    } catch (const std::exception& e) {
        studio.report_error("Cannot save the screenshot", e);
    }
}

void Studio::State::save_settings() {
    if (scripted || !loaded.persist) return;
    try {
        glfwGetWindowSize(window.handle(), &studio.settings.window_width, &studio.settings.window_height);
        save_studio_settings(studio.settings, studio_settings_file(loaded.config_dir));
        ImGuiLayer::save_layout(studio_layout_file(loaded.config_dir));
    } catch (const std::exception& e) {
        std::fprintf(stderr, "ivid-studio: cannot save the settings: %s\n", e.what());
    }
}

Studio::Studio(const StudioOptions& options) : state_(std::make_unique<State>(options, load_settings(options.settings_file))) {
    StudioState& studio = state_->studio;
    std::optional<fs::path> scene_dir = options.scene_dir;
    std::error_code error;
    if (!scene_dir && !studio.settings.last_scene.empty() && fs::is_directory(studio.settings.last_scene, error))
        scene_dir = studio.settings.last_scene;
    if (!scene_dir) scene_dir = default_scene_dir();
    if (scene_dir) studio.open_scene(*scene_dir);
    if (options.camera) studio.camera.set_pose(*options.camera);
    if (options.generate) {
        options.generate->apply(studio.settings.generate);
        studio.save_generated_to = options.generate->save;
        studio.generate_launch = *options.generate;
        apply_action(studio, StudioAction::Generate);
    }
}

Studio::~Studio() = default;

int Studio::run() {
    State& s = *state_;
    // A scripted capture need not wait for the display's refresh.
    glfwSwapInterval(s.scripted ? 0 : 1);
    bool busy = true;
    // Scripted runs count their frames from when no generation is running (or about to start).
    int settled_frames = 0;
    while (!glfwWindowShouldClose(s.window.handle()) && !s.studio.quit_requested) {
        if (s.generate_panel.busy())
            glfwWaitEventsTimeout(kGenerationPollSeconds);
        else if (s.scripted || busy)
            glfwPollEvents();
        else
            // Software GL (llvmpipe) spends tens of ms per frame: redraw on input, not
            // continuously; the timeout keeps ImGui's few time-based effects (cursor blink) alive.
            glfwWaitEventsTimeout(kIdleRedrawSeconds);
        s.frame();
        int width = 0, height = 0;
        glfwGetFramebufferSize(s.window.handle(), &width, &height);
        settled_frames = s.generate_panel.busy() || s.studio.generate_requested ? 0 : settled_frames + 1;
        if (s.scripted && settled_frames >= s.options.frames) {
            if (s.options.screenshot) save_window_screenshot(*s.options.screenshot, width, height);
            // The scene, generation or save asked for failed (already said on stderr).
            return s.studio.errors_reported > s.errors_at_start ? 1 : 0;
        }
        glfwSwapBuffers(s.window.handle());
        // Another frame right away while exporting, or when this frame's panels changed what
        // the viewport should show (it was rendered before them).
        busy = s.studio.exporter != nullptr || !s.rendered || !(*s.rendered == s.target_render(width, height));
        if (!s.studio.scene) busy = false;
    }
    s.save_settings();
    return 0;
}

}  // namespace ivid

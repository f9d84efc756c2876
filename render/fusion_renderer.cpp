#include "render/fusion_renderer.hpp"

#include <algorithm>
#include <array>
#include <cmath>
#include <iterator>
#include <optional>
#include <string>
#include <vector>

#include "core/geometry/camera.hpp"
#include "core/util/error.hpp"
#include "core/util/freed_memory_reuse.hpp"
#include "render/fusion_view_selection.hpp"
#include "render/gl/framebuffer.hpp"
#include "render/gl/render_state.hpp"
#include "render/gl/shader_program.hpp"
#include "render/gl/texture.hpp"
#include "render/scene_gpu.hpp"

namespace ivid {
namespace {

using Fbo = gl::GlObject<gl::delete_framebuffer>;

// IVID mode draws up to this many meshes (one per layer) before one fold dispatch
// (fusion_ivid_fold.comp's layer_view[8]), within a memory budget for the layer stacks.
constexpr int kMaxLayers = 8;
constexpr double kLayerBudgetBytes = 192.0 * 1024 * 1024;
constexpr double kLayerBytesPerPixel = 16 + 4;  // RGBA32F colour + D24 depth
// Scene views are told apart by 8 bits of the winner key (fusion_common.glsl): kMaxSceneViews.
// The soft depth test keeps exp(-9) ~ 1e-4 of a sample 3 epsilon behind; beyond, it is culled.
constexpr float kDepthTestReach = 3.0f;

struct ScreenRect {
    int x0 = 0, y0 = 0, x1 = 0, y1 = 0;
    bool empty() const { return x1 <= x0 || y1 <= y0; }
    int width() const { return x1 - x0; }
    int height() const { return y1 - y0; }
};

ScreenRect unite(const ScreenRect& a, const ScreenRect& b) {
    if (a.empty()) return b;
    return {std::min(a.x0, b.x0), std::min(a.y0, b.y0), std::max(a.x1, b.x1), std::max(a.y1, b.y1)};
}

// The pixels (GL window coordinates) a world-space box can cover: empty when the box lies
// entirely outside one clip plane, the whole target when it reaches behind the camera. A
// conservative bound, so culling with it never changes a frame.
ScreenRect projected_bounds(const glm::vec3& lo, const glm::vec3& hi, const glm::mat4& clip_from_world,
                            int width, int height) {
    std::array<glm::vec4, 8> clip;
    for (int i = 0; i < 8; ++i)
        clip[i] = clip_from_world * glm::vec4(i & 1 ? hi.x : lo.x, i & 2 ? hi.y : lo.y, i & 4 ? hi.z : lo.z, 1.0f);
    for (int axis = 0; axis < 3; ++axis)
        for (const float side : {-1.0f, 1.0f})
            if (std::all_of(clip.begin(), clip.end(),
                            [&](const glm::vec4& c) { return side * c[axis] > c.w; }))
                return {};
    const ScreenRect whole{0, 0, width, height};
    if (std::any_of(clip.begin(), clip.end(), [](const glm::vec4& c) { return c.w <= 1e-6f; })) return whole;
    glm::vec2 lo_ndc(1.0f), hi_ndc(-1.0f);
    for (const glm::vec4& c : clip) {
        const glm::vec2 ndc = glm::vec2(c) / c.w;
        lo_ndc = glm::min(lo_ndc, ndc);
        hi_ndc = glm::max(hi_ndc, ndc);
    }
    // One pixel of margin against rounding in the rasteriser's snapping.
    const auto to_pixels = [](float ndc, int size, bool upper) {
        const float x = (std::clamp(ndc, -1.0f, 1.0f) + 1.0f) * 0.5f * float(size);
        return std::clamp(upper ? int(std::ceil(x)) + 1 : int(std::floor(x)) - 1, 0, size);
    };
    return {to_pixels(lo_ndc.x, width, false), to_pixels(lo_ndc.y, height, false),
            to_pixels(hi_ndc.x, width, true), to_pixels(hi_ndc.y, height, true)};
}

Fbo make_framebuffer(const std::vector<std::pair<GLenum, GLuint>>& attachments, const std::string& what) {
    Fbo fbo(gl::create_one(glCreateFramebuffers));
    std::vector<GLenum> draw_buffers;
    for (const auto& [attachment, texture] : attachments) {
        glNamedFramebufferTexture(fbo.id(), attachment, texture, 0);
        if (attachment != GL_DEPTH_ATTACHMENT) draw_buffers.push_back(attachment);
    }
    glNamedFramebufferDrawBuffers(fbo.id(), GLsizei(draw_buffers.size()), draw_buffers.data());
    gl::require_complete(fbo.id(), what);
    return fbo;
}

// The frame as it is shown and read back (output size).
struct OutputTargets {
    int width, height;
    gl::Texture2D color{width, height, GL_RGBA32F};
    gl::Texture2D depth{width, height, GL_R32F};
    gl::Texture2D masks{width, height, GL_RGBA8};
    gl::Texture2D winner{width, height, GL_R32I};
    gl::Texture2D view_weight{width, height, GL_R32F};
    Fbo color_read = make_framebuffer({{GL_COLOR_ATTACHMENT0, color.id()}}, "fusion output colour");

    OutputTargets(int w, int h) : width(w), height(h) {
        glTextureParameteri(color.id(), GL_TEXTURE_MIN_FILTER, GL_LINEAR);
        glTextureParameteri(color.id(), GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    }
};

// IVID mode: one colour/depth layer per mesh pass of a chunk.
struct IvidLayers {
    gl::Texture2DArray color, depth;
    std::vector<Fbo> framebuffers;

    IvidLayers(int width, int height, int layers)
        : color(width, height, layers, GL_RGBA32F), depth(width, height, layers, GL_DEPTH_COMPONENT24) {
        for (int layer = 0; layer < layers; ++layer) {
            Fbo fbo(gl::create_one(glCreateFramebuffers));
            glNamedFramebufferTextureLayer(fbo.id(), GL_COLOR_ATTACHMENT0, color.id(), 0, layer);
            glNamedFramebufferTextureLayer(fbo.id(), GL_DEPTH_ATTACHMENT, depth.id(), 0, layer);
            gl::require_complete(fbo.id(), "fusion IVID pass layer " + std::to_string(layer));
            framebuffers.push_back(std::move(fbo));
        }
    }
};

// Everything at render size (output x supersampling). The accumulators serve both modes (their
// meaning per mode is in fusion_resolve.comp); the rest is made on first use of a mode.
struct RenderTargets {
    int width, height;
    gl::Texture2D acc0{width, height, GL_RGBA32F};
    gl::Texture2D acc1{width, height, GL_RGBA32F};
    gl::Texture2D acc2{width, height, GL_RGBA32F};
    gl::Texture2D winner{width, height, GL_R32F};  // winner_key (fusion_common.glsl)
    std::optional<IvidLayers> ivid;
    // Depth-aware: nearest occluding surface (linear) and the pre-pass's depth buffer, the depth
    // of one view's nearest surface, the inspected view's fallback share.
    std::optional<gl::Texture2D> nearest_depth, prepass_depth, view_depth, acc3;
    Fbo prepass, blend, inspect;

    RenderTargets(int w, int h) : width(w), height(h) {}

    IvidLayers& ivid_layers() {
        if (!ivid) {
            const double per_layer = kLayerBytesPerPixel * width * height;
            ivid.emplace(width, height, std::clamp(int(kLayerBudgetBytes / per_layer), 1, kMaxLayers));
        }
        return *ivid;
    }

    void make_depth_aware() {
        if (nearest_depth) return;
        nearest_depth.emplace(width, height, GL_R32F);
        prepass_depth.emplace(width, height, GL_DEPTH_COMPONENT24);
        view_depth.emplace(width, height, GL_DEPTH_COMPONENT24);
        acc3.emplace(width, height, GL_RGBA32F);
        prepass = make_framebuffer({{GL_COLOR_ATTACHMENT0, nearest_depth->id()},
                                    {GL_DEPTH_ATTACHMENT, prepass_depth->id()}},
                                   "fusion depth pre-pass");
        const GLuint depth = view_depth->id();
        blend = make_framebuffer({{GL_COLOR_ATTACHMENT0, acc0.id()},
                                  {GL_COLOR_ATTACHMENT1, acc1.id()},
                                  {GL_COLOR_ATTACHMENT2, winner.id()},
                                  {GL_DEPTH_ATTACHMENT, depth}},
                                 "fusion depth-aware blend");
        // The blend shader's winner output (location 2) has no target here.
        inspect = make_framebuffer({{GL_COLOR_ATTACHMENT0, acc2.id()},
                                    {GL_COLOR_ATTACHMENT1, acc3->id()},
                                    {GL_DEPTH_ATTACHMENT, depth}},
                                   "fusion inspected view");
    }
};

void clear_texture(const gl::Texture2D& texture, GLenum format, GLenum type) {
    const std::array<uint32_t, 4> zero{};
    glClearTexImage(texture.id(), 0, format, type, zero.data());
}

void bind_image(GLuint unit, const gl::Texture2D& texture, GLenum access, GLenum format) {
    glBindImageTexture(unit, texture.id(), 0, GL_FALSE, 0, access, format);
}

GLuint groups(int size) { return GLuint((size + 7) / 8); }

GLuint linear_sampler() {
    GLuint id = gl::create_one(glCreateSamplers);
    glSamplerParameteri(id, GL_TEXTURE_MIN_FILTER, GL_LINEAR);
    glSamplerParameteri(id, GL_TEXTURE_MAG_FILTER, GL_LINEAR);
    glSamplerParameteri(id, GL_TEXTURE_WRAP_S, GL_CLAMP_TO_EDGE);
    glSamplerParameteri(id, GL_TEXTURE_WRAP_T, GL_CLAMP_TO_EDGE);
    return id;
}

template <typename T>
ImageT<T> read_texture(GLuint texture, int width, int height, int channels, GLenum format, GLenum type) {
    ImageT<T> image(width, height, channels);
    glPixelStorei(GL_PACK_ALIGNMENT, 1);
    glGetTextureImage(texture, 0, format, type, GLsizei(image.data.size() * sizeof(T)), image.data.data());
    return image;
}

// Channel `channel` of an RGBA image as an H x W x 1 image (8-bit masks become 0/1).
template <typename T>
Image channel_of(const ImageT<T>& rgba, int channel, float scale) {
    Image out(rgba.width, rgba.height, 1);
    for (size_t i = 0; i < out.data.size(); ++i) out.data[i] = float(rgba.data[4 * i + channel]) * scale;
    return out;
}

}  // namespace

struct FusionRenderer::Gpu {
    gl::ShaderProgram ivid_pass = gl::ShaderProgram::from_embedded({"fusion_mesh.vert", "fusion_ivid.frag"});
    gl::ShaderProgram ivid_fold = gl::ShaderProgram::from_embedded({"fusion_ivid_fold.comp"});
    gl::ShaderProgram prepass = gl::ShaderProgram::from_embedded({"fusion_mesh.vert", "fusion_prepass.frag"});
    gl::ShaderProgram depth_aware = gl::ShaderProgram::from_embedded({"fusion_mesh.vert", "fusion_depth_aware.frag"});
    gl::ShaderProgram resolve = gl::ShaderProgram::from_embedded({"fusion_resolve.comp"});
    gl::ShaderProgram upscale = gl::ShaderProgram::from_embedded({"fusion_upscale.comp"});
    // Depth-aware mode samples the views' colours bilinearly (IVID: NEAREST): between and closer
    // than the generated poses a view is resampled, not copied; on a pose it gives the texels.
    gl::GlObject<gl::delete_sampler> bilinear{linear_sampler()};
    std::optional<SceneGpu> scene;
    // The views' own projection (the scene's square field of view), for depth-aware texturing.
    glm::mat4 source_projection{1.0f};
    // For choosing the views nearest the target camera (fusion_view_selection.hpp).
    std::vector<SourceCamera> sources;
    glm::vec3 focus{0.0f};
    std::optional<OutputTargets> output;
    std::optional<RenderTargets> targets;
    // The frame at the scene's own detail when it is smaller than the output (max_detail).
    std::optional<OutputTargets> detail;
    std::optional<gl::Texture2D> upscaled_rows;  // the detail colour upscaled along x only
    bool upscaled = false;  // the last frame was rendered into `detail`
    // The scene's views: square, this many pixels and degrees a side.
    int source_size = 0;
    float source_fov_deg = 45.0f;

    struct VisibleView {
        int index;
        ScreenRect rect;
    };

    // The per-frame camera uniforms of fusion_mesh.vert.
    void set_camera(const gl::ShaderProgram& program, const glm::mat4& view, const glm::mat4& projection,
                    bool needs_view) const {
        if (needs_view) program.set("view", view);
        program.set("view_projection", projection * view);
    }

    // The frame's level of detail: an index into ViewMeshGpu::levels, or the merged planar mesh.
    size_t level = 0;
    bool planar = false;

    // The triangles of the frame's mesh up to `end` (one of MeshLevelRange's counts).
    void draw(const ViewMeshGpu& mesh, GLsizei MeshLevelRange::*end) const {
        draw(mesh, planar ? mesh.planar : mesh.levels[level], end);
    }
    void draw(const ViewMeshGpu& mesh, const MeshLevelRange& range, GLsizei MeshLevelRange::*end) const {
        mesh.vertex_array.bind();
        glDrawElements(GL_TRIANGLES, range.*end, GL_UNSIGNED_INT,
                       reinterpret_cast<const void*>(sizeof(GLuint) * size_t(range.first)));
    }

    void render_ivid(const std::vector<VisibleView>& visible, const glm::mat4& view, const glm::mat4& projection,
                     int inspected_view);
    void render_depth_aware(const std::vector<VisibleView>& visible, const glm::mat4& view,
                            const glm::mat4& projection, const FusionRenderSettings& settings, int inspected_view);
    // Resolves the colour output, or all outputs (through `detail` when the frame was upscaled).
    void resolve_output(const FusionRenderSettings& settings, bool color_only);
    void resolve_into(const OutputTargets& target, const FusionRenderSettings& settings, bool color_only);
    void upscale_detail(bool color_only);
    // The render size's fraction of the output size (<= 1) under settings.max_detail.
    double detail_scale(const FusionRenderSettings& settings, int output_height) const;
    // The settings of the last frame while only its colour is resolved.
    std::optional<FusionRenderSettings> unresolved;
    const OutputTargets& rendered() const {
        if (!output) throw Error("fusion renderer: no frame rendered yet (call render() first)");
        return *output;
    }
    // The output, all of it resolved.
    const OutputTargets& resolved_output() {
        rendered();
        if (unresolved) {
            resolve_output(*unresolved, false);
            unresolved.reset();
        }
        return *output;
    }
};

void FusionRenderer::Gpu::render_ivid(const std::vector<VisibleView>& visible, const glm::mat4& view,
                                      const glm::mat4& projection, int inspected_view) {
    IvidLayers& layers = targets->ivid_layers();
    const int layer_capacity = layers.color.layers();
    // IVID: every mesh alone (own depth buffer, LESS), no culling, no blending.
    gl::use_depth_tested_meshes(/*cull_back_faces=*/false);
    glEnable(GL_SCISSOR_TEST);
    ivid_pass.use();
    set_camera(ivid_pass, view, projection, /*needs_view=*/false);
    ivid_fold.set("inspected_view", inspected_view);
    const std::array<GLfloat, 4> transparent{};
    const GLfloat far_depth = 1.0f;
    for (size_t start = 0; start < visible.size(); start += size_t(layer_capacity)) {
        const size_t count = std::min(visible.size() - start, size_t(layer_capacity));
        ScreenRect rect;
        for (size_t i = 0; i < count; ++i) rect = unite(rect, visible[start + i].rect);
        // Only the chunk's rectangle is cleared, drawn and folded: nothing lands outside it.
        glScissor(rect.x0, rect.y0, rect.width(), rect.height());
        std::vector<int> layer_view(kMaxLayers, -1);
        ivid_pass.use();
        for (size_t i = 0; i < count; ++i) {
            const ViewMeshGpu& mesh = scene->views()[size_t(visible[start + i].index)];
            layer_view[i] = visible[start + i].index;
            glBindFramebuffer(GL_FRAMEBUFFER, layers.framebuffers[i].id());
            glClearBufferfv(GL_COLOR, 0, transparent.data());
            glClearBufferfv(GL_DEPTH, 0, &far_depth);
            ivid_pass.set("source_camera", camera_center(mesh.modelview));
            mesh.color.bind(0);
            draw(mesh, &MeshLevelRange::count);
        }
        ivid_fold.use();
        ivid_fold.set("origin", glm::ivec2(rect.x0, rect.y0));
        ivid_fold.set("extent", glm::ivec2(rect.width(), rect.height()));
        ivid_fold.set("layer_count", int(count));
        ivid_fold.set("layer_view", layer_view);
        layers.color.bind(0);
        layers.depth.bind(1);
        bind_image(0, targets->acc0, GL_READ_WRITE, GL_RGBA32F);
        bind_image(1, targets->acc1, GL_READ_WRITE, GL_RGBA32F);
        bind_image(2, targets->acc2, GL_READ_WRITE, GL_RGBA32F);
        bind_image(3, targets->winner, GL_READ_WRITE, GL_R32F);
        glDispatchCompute(groups(rect.width()), groups(rect.height()), 1);
        glMemoryBarrier(GL_SHADER_IMAGE_ACCESS_BARRIER_BIT);
    }
    glDisable(GL_SCISSOR_TEST);
}

void FusionRenderer::Gpu::render_depth_aware(const std::vector<VisibleView>& visible, const glm::mat4& view,
                                             const glm::mat4& projection, const FusionRenderSettings& settings,
                                             int inspected_view) {
    RenderTargets& t = *targets;
    t.make_depth_aware();
    clear_texture(*t.acc3, GL_RGBA, GL_FLOAT);

    // Pre-pass: the nearest occluding surface over all views. Depth meshes seen from behind show
    // the inside of a surface: never an occluder. The occluders are the frame's own meshes: a
    // coarser one (lod 2, as this pass once drew) reaches past the drawn silhouettes by a pixel
    // here and there, and its depth test then discards every sample of such a pixel (black
    // specks: 48 in 12 frames of the bundled scene at 1280x800 full detail; 4 were left, from
    // the back faces of the per-view pass below; tests/gl/test_fusion_coverage).
    glBindFramebuffer(GL_FRAMEBUFFER, t.prepass.id());
    const std::array<GLfloat, 4> zero{};
    const GLfloat far_depth = 1.0f;
    glClearBufferfv(GL_COLOR, 0, zero.data());
    glClearBufferfv(GL_DEPTH, 0, &far_depth);
    gl::use_depth_tested_meshes(/*cull_back_faces=*/true);
    prepass.use();
    set_camera(prepass, view, projection, true);
    for (const VisibleView& v : visible) {
        const ViewMeshGpu& mesh = scene->views()[size_t(v.index)];
        draw(mesh, &MeshLevelRange::occluder_count);
    }

    depth_aware.use();
    set_camera(depth_aware, view, projection, true);
    depth_aware.set("target_camera", camera_center(view));
    depth_aware.set("view_sharpness", settings.view_sharpness);
    depth_aware.set("depth_epsilon", settings.depth_epsilon);
    t.nearest_depth->bind(1);
    glBindSampler(0, bilinear.id());
    glBlendFunc(GL_ONE, GL_ONE);
    glBlendEquation(GL_FUNC_ADD);
    glBlendEquationi(2, GL_MAX);  // the winner key
    const auto blend_view = [&](const VisibleView& v) {
        const ViewMeshGpu& mesh = scene->views()[size_t(v.index)];
        depth_aware.set("source_camera", camera_center(mesh.modelview));
        depth_aware.set("source_view_projection", source_projection * mesh.modelview);
        depth_aware.set("view_index", v.index);
        mesh.color.bind(0);
        draw(mesh, &MeshLevelRange::count);
    };
    // Each view: first its own nearest surface, discontinuity sheets included, as IVID's per-mesh
    // depth test has it (what a view's mesh hides from the target camera is no sample of that
    // view), but not its back faces: those are never drawn here, and a back face hiding the view's
    // own front surface left pixels that no view covered (single black pixels at silhouettes;
    // eval-views figures the same to 0.01 dB with or without them); then its samples at exactly
    // that depth (LEQUAL; the rest is culled before shading), weighted and added, where they lie
    // less than 3 epsilon behind the nearest occluder (the shader discards the others). One framebuffer for every view, its depth
    // cleared per view, and no copies: on a software rasteriser a framebuffer switch or a copy
    // waits for all the drawing queued before it (measured: a per-view copy of the pushed depth
    // was 40% of a frame).
    // Nothing of a view lands outside its screen rectangle: only that part is set up and drawn.
    depth_aware.set("depth_test_reach", kDepthTestReach);
    glBindFramebuffer(GL_FRAMEBUFFER, t.blend.id());
    glEnable(GL_SCISSOR_TEST);
    for (const VisibleView& v : visible) {
        const ScreenRect& r = v.rect;
        glScissor(r.x0, r.y0, r.width(), r.height());
        gl::use_depth_tested_meshes(/*cull_back_faces=*/true);
        glClearBufferfv(GL_DEPTH, 0, &far_depth);
        glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_FALSE);
        prepass.use();
        draw(scene->views()[size_t(v.index)], &MeshLevelRange::solid_count);
        glColorMask(GL_TRUE, GL_TRUE, GL_TRUE, GL_TRUE);

        glDepthFunc(GL_LEQUAL);
        glDepthMask(GL_FALSE);
        glEnable(GL_CULL_FACE);
        glEnable(GL_BLEND);
        depth_aware.use();
        blend_view(v);
        // The inspected view once more, alone, into its own sums.
        if (v.index == inspected_view) {
            glBindFramebuffer(GL_FRAMEBUFFER, t.inspect.id());
            blend_view(v);
            glBindFramebuffer(GL_FRAMEBUFFER, t.blend.id());
        }
        glDisable(GL_BLEND);
        // A software rasteriser starts on this view while the next one is set up (measured on
        // llvmpipe: 4.5-4.9x -> 5.0-5.4x IVID mode's speed at 512², README).
        glFlush();
    }
    glDisable(GL_SCISSOR_TEST);
    glBindSampler(0, 0);
    glBlendEquation(GL_FUNC_ADD);
    glDepthMask(GL_TRUE);
    glDepthFunc(GL_LESS);
    glDisable(GL_CULL_FACE);
}

void FusionRenderer::Gpu::resolve_output(const FusionRenderSettings& settings, bool color_only) {
    resolve_into(upscaled ? *detail : *output, settings, color_only);
    if (upscaled) upscale_detail(color_only);
    // Displayed (texture fetch), blitted (framebuffer) or read back (texture update) next.
    glMemoryBarrier(GL_TEXTURE_FETCH_BARRIER_BIT | GL_FRAMEBUFFER_BARRIER_BIT | GL_TEXTURE_UPDATE_BARRIER_BIT);
}

void FusionRenderer::Gpu::resolve_into(const OutputTargets& target, const FusionRenderSettings& settings,
                                       bool color_only) {
    resolve.use();
    resolve.set("color_only", color_only ? 1 : 0);
    resolve.set("ivid_mode", settings.blend_mode == BlendMode::Ivid ? 1 : 0);
    resolve.set("supersampling", targets->width / target.width);
    resolve.set("output_size", glm::ivec2(target.width, target.height));
    resolve.set("render_height", targets->height);
    resolve.set("background", settings.background);
    resolve.set("near", kFusionNear);
    resolve.set("far", kFusionFar);
    targets->acc0.bind(0);
    targets->acc1.bind(1);
    targets->acc2.bind(2);
    targets->winner.bind(3);
    // Depth-aware's extra inputs (any texture will do in IVID mode, where they are not read).
    const bool depth_aware_mode = settings.blend_mode == BlendMode::DepthAware;
    (depth_aware_mode ? *targets->acc3 : targets->acc0).bind(4);
    (depth_aware_mode ? *targets->nearest_depth : targets->acc0).bind(5);
    bind_image(0, target.color, GL_WRITE_ONLY, GL_RGBA32F);
    bind_image(1, target.depth, GL_WRITE_ONLY, GL_R32F);
    bind_image(2, target.masks, GL_WRITE_ONLY, GL_RGBA8);
    bind_image(3, target.winner, GL_WRITE_ONLY, GL_R32I);
    bind_image(4, target.view_weight, GL_WRITE_ONLY, GL_R32F);
    glDispatchCompute(groups(target.width), groups(target.height), 1);
}

void FusionRenderer::Gpu::upscale_detail(bool color_only) {
    if (!upscaled_rows || upscaled_rows->width() != output->width || upscaled_rows->height() != detail->height)
        upscaled_rows.emplace(output->width, detail->height, GL_RGBA32F);
    upscale.use();
    upscale.set("color_only", color_only ? 1 : 0);
    upscale.set("detail_size", glm::ivec2(detail->width, detail->height));
    // Along x: the detail colour -> output width.
    glMemoryBarrier(GL_TEXTURE_FETCH_BARRIER_BIT);
    upscale.set("pass", 0);
    upscale.set("output_size", glm::ivec2(output->width, detail->height));
    detail->color.bind(0);
    bind_image(0, *upscaled_rows, GL_WRITE_ONLY, GL_RGBA32F);
    glDispatchCompute(GLuint((output->width + 63) / 64), GLuint((detail->height + 3) / 4), 1);
    // Along y: -> the output, with the auxiliaries.
    glMemoryBarrier(GL_TEXTURE_FETCH_BARRIER_BIT);
    upscale.set("pass", 1);
    upscale.set("output_size", glm::ivec2(output->width, output->height));
    upscaled_rows->bind(0);
    detail->depth.bind(1);
    detail->masks.bind(2);
    detail->winner.bind(3);
    detail->view_weight.bind(4);
    bind_image(0, output->color, GL_WRITE_ONLY, GL_RGBA32F);
    bind_image(1, output->depth, GL_WRITE_ONLY, GL_R32F);
    bind_image(2, output->masks, GL_WRITE_ONLY, GL_RGBA8);
    bind_image(3, output->winner, GL_WRITE_ONLY, GL_R32I);
    bind_image(4, output->view_weight, GL_WRITE_ONLY, GL_R32F);
    glDispatchCompute(GLuint((output->width + 63) / 64), GLuint((output->height + 3) / 4), 1);
}

double FusionRenderer::Gpu::detail_scale(const FusionRenderSettings& settings, int output_height) const {
    if (settings.blend_mode != BlendMode::DepthAware || settings.supersampling != 1 || settings.max_detail <= 0.0f ||
        source_size == 0)
        return 1.0;
    // Pixels per unit of image-plane height at unit distance: the frame's and a view's.
    const auto density = [](double pixels, double fov_deg) {
        return pixels / (2.0 * std::tan(0.5 * glm::radians(fov_deg)));
    };
    const double per_source_pixel =
        density(output_height, settings.fov_deg) / density(source_size, source_fov_deg);
    return std::min(1.0, double(settings.max_detail) / per_source_pixel);
}

FusionRenderer::FusionRenderer() : gpu_(std::make_unique<Gpu>()) { keep_freed_memory_for_reuse(); }

FusionRenderer::~FusionRenderer() = default;

void FusionRenderer::set_scene(const Scene& scene) { set_scene(scene, meshing_from_provenance(scene)); }

void FusionRenderer::set_scene(const Scene& scene, const MeshingTolerances& meshing) {
    validate(meshing, "meshing tolerances");
    if (int(scene.views.size()) > kMaxSceneViews)
        throw Error::at("scene", "views", "at most " + std::to_string(kMaxSceneViews), std::to_string(scene.views.size()));
    for (size_t i = 0; i < scene.views.size(); ++i) {
        const View& v = scene.views[i];
        const auto shape = [](int h, int w, int c) {
            return std::to_string(h) + "x" + std::to_string(w) + "x" + std::to_string(c);
        };
        const std::string expected_color = shape(scene.image_size, scene.image_size, 3);
        const std::string expected_depth = shape(scene.image_size, scene.image_size, 1);
        if (shape(v.color.height, v.color.width, v.color.channels) != expected_color)
            throw Error::at("scene view " + std::to_string(i), "color", expected_color,
                            shape(v.color.height, v.color.width, v.color.channels));
        if (shape(v.depth.height, v.depth.width, v.depth.channels) != expected_depth)
            throw Error::at("scene view " + std::to_string(i), "depth", expected_depth,
                            shape(v.depth.height, v.depth.width, v.depth.channels));
    }
    gpu_->scene.reset();
    gpu_->scene.emplace(scene, load_scene_mesh_options(scene.fov_deg, meshing));
    meshing_ = meshing;
    gpu_->sources = source_cameras(scene, kFusionNear, kFusionFar);
    gpu_->source_projection = perspective(scene.fov_deg, 1.0f, kFusionNear, kFusionFar);
    gpu_->source_size = scene.image_size;
    gpu_->source_fov_deg = scene.fov_deg;
    gpu_->focus = scene_focus(scene);
}

int FusionRenderer::view_count() const { return gpu_->scene ? int(gpu_->scene->views().size()) : 0; }

void FusionRenderer::render(const glm::mat4& modelview, int width, int height, const FusionRenderSettings& settings,
                            int inspected_view) {
    validate(settings);
    if (width < 1 || height < 1)
        throw Error::at("fusion render", "output size", "at least 1x1",
                        std::to_string(width) + "x" + std::to_string(height));
    if (inspected_view < -1 || inspected_view >= view_count())
        throw Error::at("fusion render", "inspected_view", "-1.." + std::to_string(view_count() - 1),
                        std::to_string(inspected_view));
    Gpu& g = *gpu_;
    if (!g.output || g.output->width != width || g.output->height != height) {
        g.output.reset();
        g.output.emplace(width, height);
    }
    // The render size: supersampled, or cut to the scene's own detail and upscaled.
    const double scale = g.detail_scale(settings, height);
    g.upscaled = scale < 1.0;
    const int k = settings.supersampling;
    const int render_width = g.upscaled ? std::max(1, int(std::ceil(width * scale))) : width * k;
    const int render_height = g.upscaled ? std::max(1, int(std::ceil(height * scale))) : height * k;
    if (g.upscaled && (!g.detail || g.detail->width != render_width || g.detail->height != render_height)) {
        g.detail.reset();
        g.detail.emplace(render_width, render_height);
    }
    if (!g.targets || g.targets->width != render_width || g.targets->height != render_height) {
        g.targets.reset();
        g.targets.emplace(render_width, render_height);
    }
    RenderTargets& t = *g.targets;
    const auto& lods = FusionRenderSettings::kMeshLods;
    g.level = size_t(std::distance(std::begin(lods), std::find(std::begin(lods), std::end(lods), settings.mesh_lod)));
    g.planar = settings.blend_mode == BlendMode::DepthAware && settings.mesh_lod == 1 && settings.merge_planar;

    GLint previous_framebuffer = 0;
    std::array<GLint, 4> previous_viewport{};
    glGetIntegerv(GL_DRAW_FRAMEBUFFER_BINDING, &previous_framebuffer);
    glGetIntegerv(GL_VIEWPORT, previous_viewport.data());
    glViewport(0, 0, t.width, t.height);

    clear_texture(t.acc0, GL_RGBA, GL_FLOAT);
    clear_texture(t.acc1, GL_RGBA, GL_FLOAT);
    clear_texture(t.acc2, GL_RGBA, GL_FLOAT);
    clear_texture(t.winner, GL_RED, GL_FLOAT);

    const glm::mat4 projection = perspective(settings.fov_deg, float(t.width) / float(t.height), kFusionNear, kFusionFar);
    const glm::mat4 clip_from_world = projection * modelview;
    std::vector<int> in_frustum;
    std::vector<ScreenRect> rects(static_cast<size_t>(view_count()));
    for (int i = 0; i < view_count(); ++i) {
        const ViewMeshGpu& mesh = g.scene->views()[size_t(i)];
        rects[size_t(i)] = projected_bounds(mesh.bounds_min, mesh.bounds_max, clip_from_world, t.width, t.height);
        if (!rects[size_t(i)].empty()) in_frustum.push_back(i);
    }
    const std::vector<int> drawn =
        settings.blend_mode == BlendMode::Ivid
            ? in_frustum
            : select_views(g.sources, in_frustum, modelview, projection, g.focus, settings.max_views);
    std::vector<Gpu::VisibleView> visible;
    for (const int i : drawn) visible.push_back({i, rects[size_t(i)]});
    if (settings.blend_mode == BlendMode::Ivid)
        g.render_ivid(visible, modelview, projection, inspected_view);
    else
        g.render_depth_aware(visible, modelview, projection, settings, inspected_view);
    g.resolve_output(settings, /*color_only=*/true);
    g.unresolved = settings;

    glBindVertexArray(0);
    glDisable(GL_DEPTH_TEST);
    glBindFramebuffer(GL_FRAMEBUFFER, GLuint(previous_framebuffer));
    glViewport(previous_viewport[0], previous_viewport[1], previous_viewport[2], previous_viewport[3]);
    stats_ = {int(visible.size()), t.width, t.height};
}

int FusionRenderer::width() const { return gpu_->output ? gpu_->output->width : 0; }
int FusionRenderer::height() const { return gpu_->output ? gpu_->output->height : 0; }

GLuint FusionRenderer::color_texture() const { return gpu_->rendered().color.id(); }
GLuint FusionRenderer::depth_texture() const { return gpu_->resolved_output().depth.id(); }
GLuint FusionRenderer::masks_texture() const { return gpu_->resolved_output().masks.id(); }
GLuint FusionRenderer::winner_texture() const { return gpu_->resolved_output().winner.id(); }
GLuint FusionRenderer::view_weight_texture() const { return gpu_->resolved_output().view_weight.id(); }

void FusionRenderer::blit_color(GLuint framebuffer, int x, int y, int w, int h) const {
    const OutputTargets& o = gpu_->rendered();
    // Texture row 0 is the picture's top: flip into the bottom-up destination.
    glBlitNamedFramebuffer(o.color_read.id(), framebuffer, 0, 0, o.width, o.height, x, y + h, x + w, y,
                           GL_COLOR_BUFFER_BIT, w == o.width && h == o.height ? GL_NEAREST : GL_LINEAR);
}

Image FusionRenderer::read_color() const {
    const OutputTargets& o = gpu_->rendered();
    const Image rgba = read_texture<float>(o.color.id(), o.width, o.height, 4, GL_RGBA, GL_FLOAT);
    Image rgb(o.width, o.height, 3);
    for (size_t p = 0; p < rgb.pixel_count(); ++p)
        for (int c = 0; c < 3; ++c) rgb.data[3 * p + c] = rgba.data[4 * p + c];
    return rgb;
}

Image FusionRenderer::read_depth() const {
    const OutputTargets& o = gpu_->resolved_output();
    return read_texture<float>(o.depth.id(), o.width, o.height, 1, GL_RED, GL_FLOAT);
}

Image FusionRenderer::read_mask_color() const {
    const OutputTargets& o = gpu_->resolved_output();
    return channel_of(read_texture<uint8_t>(o.masks.id(), o.width, o.height, 4, GL_RGBA, GL_UNSIGNED_BYTE), 0,
                      1.0f / 255.0f);
}

Image FusionRenderer::read_mask_depth() const {
    const OutputTargets& o = gpu_->resolved_output();
    return channel_of(read_texture<uint8_t>(o.masks.id(), o.width, o.height, 4, GL_RGBA, GL_UNSIGNED_BYTE), 1,
                      1.0f / 255.0f);
}

ImageT<int32_t> FusionRenderer::read_winner() const {
    const OutputTargets& o = gpu_->resolved_output();
    return read_texture<int32_t>(o.winner.id(), o.width, o.height, 1, GL_RED_INTEGER, GL_INT);
}

Image FusionRenderer::read_view_weight() const {
    const OutputTargets& o = gpu_->resolved_output();
    return read_texture<float>(o.view_weight.id(), o.width, o.height, 1, GL_RED, GL_FLOAT);
}

}  // namespace ivid

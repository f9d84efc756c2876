#include "render/turntable_exporter.hpp"

#include <cmath>
#include <limits>

#include "core/export/float_depth.hpp"
#include "core/image/exr_depth.hpp"
#include "core/image/image_io.hpp"
#include "core/image/png_sequence_writer.hpp"
#include "core/image/video_writer.hpp"
#include "core/util/error.hpp"

namespace ivid {
namespace {

// Min and max of the views' positive finite depths: the depth video's default colour range.
std::array<float, 2> scene_depth_range(const Scene& scene) {
    float lo = std::numeric_limits<float>::infinity(), hi = -lo;
    for (const View& view : scene.views)
        for (float z : view.depth.data)
            if (std::isfinite(z) && z > 0.0f) {
                lo = std::min(lo, z);
                hi = std::max(hi, z);
            }
    if (!(lo < hi)) throw Error::at("export", "scene depth", "a range of positive depths", "none");
    return {lo, hi};
}

}  // namespace

struct TurntableExporter::Outputs {
    std::unique_ptr<VideoWriter> video, depth_video;
    std::unique_ptr<PngSequenceWriter> png;
    std::unique_ptr<FrameFolder> depth_exr, depth_png16;
    bool needs_depth() const { return depth_video || depth_exr || depth_png16; }
};

TurntableExporter::TurntableExporter(FusionRenderer& renderer, const Scene& scene, const ExportSettings& settings)
    : TurntableExporter(renderer, scene, settings, (validate(settings), trajectory_poses(settings.trajectory))) {}

TurntableExporter::TurntableExporter(FusionRenderer& renderer, const Scene& scene, const ExportSettings& settings,
                                     std::vector<OrbitPose> poses)
    : renderer_(renderer), settings_(settings), poses_(std::move(poses)), outputs_(std::make_unique<Outputs>()) {
    validate(settings_);
    if (poses_.empty()) throw Error::at("export", "trajectory", "at least one pose", "none");
    if (renderer_.view_count() != int(scene.views.size()))
        throw Error::at("export", "renderer", "the scene's " + std::to_string(scene.views.size()) + " views",
                        std::to_string(renderer_.view_count()) + " views (set_scene not called?)");
    if (!settings_.depth_video.empty())
        depth_range_ = settings_.depth_range ? *settings_.depth_range : scene_depth_range(scene);
    const auto& s = settings_;
    if (!s.video.empty())
        outputs_->video = std::make_unique<VideoWriter>(s.video, s.width, s.height, s.fps, s.overwrite);
    if (!s.png_dir.empty()) outputs_->png = std::make_unique<PngSequenceWriter>(s.png_dir, s.overwrite);
    if (!s.depth_video.empty())
        outputs_->depth_video = std::make_unique<VideoWriter>(s.depth_video, s.width, s.height, s.fps, s.overwrite);
    if (!s.depth_exr_dir.empty()) outputs_->depth_exr = std::make_unique<FrameFolder>(s.depth_exr_dir, s.overwrite);
    if (!s.depth_png16_dir.empty())
        outputs_->depth_png16 = std::make_unique<FrameFolder>(s.depth_png16_dir, s.overwrite);
}

TurntableExporter::~TurntableExporter() = default;

bool TurntableExporter::step() {
    require(!finished_ && frames_done_ < frame_count() && outputs_,
            "export: step() after the export finished or was cancelled");
    try {
        renderer_.render(orbit_modelview(poses_[size_t(frames_done_)]), settings_.width, settings_.height,
                         settings_.render);
        // IVID's to8b (clip, x255, truncate), as render.py writes its frames.
        last_frame_ = to_u8_truncate(renderer_.read_color());
        if (outputs_->video) outputs_->video->write(last_frame_);
        if (outputs_->png) outputs_->png->write(last_frame_);
        // One read-back of the linear depth serves every depth output.
        const Image depth = outputs_->needs_depth() ? renderer_.read_depth() : Image();
        if (outputs_->depth_exr)
            outputs_->depth_exr->add(".exr", [&](const std::filesystem::path& file) { write_exr_z(file, depth); });
        if (outputs_->depth_png16)
            outputs_->depth_png16->add(".png", [&](const std::filesystem::path& file) {
                write_png16(file, depth_millimetres(depth));
            });
        if (outputs_->depth_video) {
            ImageU8 has_depth(depth.width, depth.height, 1);
            for (size_t i = 0; i < depth.pixel_count(); ++i) has_depth.data[i] = depth.data[i] > 0.0f ? 255 : 0;
            outputs_->depth_video->write(colorize(depth, settings_.depth_colormap,
                                                  ValueRange{depth_range_[0], depth_range_[1]}, &has_depth));
        }
        ++frames_done_;
        if (frames_done_ < frame_count()) return true;
        if (outputs_->video) outputs_->video->finish();
        if (outputs_->png) outputs_->png->finish();
        if (outputs_->depth_video) outputs_->depth_video->finish();
        if (outputs_->depth_exr) outputs_->depth_exr->finish();
        if (outputs_->depth_png16) outputs_->depth_png16->finish();
    } catch (...) {
        outputs_.reset();  // removes the temporary outputs
        throw;
    }
    finished_ = true;
    return false;
}

void TurntableExporter::cancel() {
    if (!finished_) outputs_.reset();
}

std::string TurntableExporter::codec_note() const {
    if (outputs_ && outputs_->video) return outputs_->video->codec_note();
    return "";
}

std::vector<std::string> TurntableExporter::outputs() const {
    std::vector<std::string> paths;
    for (const auto& path : {settings_.video, settings_.png_dir, settings_.depth_video, settings_.depth_exr_dir,
                             settings_.depth_png16_dir})
        if (!path.empty()) paths.push_back(path.string());
    return paths;
}

}  // namespace ivid

// TurntableExporter: renders an ExportSettings trajectory through a FusionRenderer, ONE FRAME PER
// step(), so the studio can interleave it with its own frame loop (progress bar, cancel button)
// and the CLI can simply loop. Outputs are written under temporary names next to their
// destinations and renamed only after the last frame; cancel() or destroying an unfinished
// exporter removes them, so a cancelled or failed export leaves no partial file.
#pragma once

#include <array>
#include <memory>
#include <string>
#include <vector>

#include "core/geometry/camera.hpp"
#include "core/image/image.hpp"
#include "core/scene/scene.hpp"
#include "render/export_settings.hpp"
#include "render/fusion_renderer.hpp"

namespace ivid {

class TurntableExporter {
public:
    // `renderer` must hold `scene` (set_scene) and outlive the exporter; the scene gives the
    // automatic depth range. Validates the settings, computes the trajectory and opens every
    // output; throws Error naming the setting or path (existing output without overwrite,
    // missing or read-only folder, no encoder).
    TurntableExporter(FusionRenderer& renderer, const Scene& scene, const ExportSettings& settings);
    // The same along explicit poses (e.g. a keyframe path edited in the studio but not saved);
    // settings.trajectory (and its frame count) is ignored.
    TurntableExporter(FusionRenderer& renderer, const Scene& scene, const ExportSettings& settings,
                      std::vector<OrbitPose> poses);
    ~TurntableExporter();
    TurntableExporter(const TurntableExporter&) = delete;
    TurntableExporter& operator=(const TurntableExporter&) = delete;

    // Renders and writes the next frame (needs the renderer's GL context current); after the
    // last frame moves every output in place. Returns true while frames remain. Throws Error
    // (the exporter is then failed: its temporary outputs are removed).
    bool step();
    // Stops and removes the temporary outputs; no-op once finished.
    void cancel();

    int frame_count() const { return int(poses_.size()); }
    int frames_done() const { return frames_done_; }
    double progress() const { return poses_.empty() ? 1.0 : double(frames_done_) / double(poses_.size()); }
    bool finished() const { return finished_; }
    // The pose of frame i and the last frame written (RGB, for a preview).
    const OrbitPose& pose(int i) const { return poses_.at(size_t(i)); }
    const ImageU8& last_frame() const { return last_frame_; }
    // Non-empty when the MP4 encoder fell back from H.264 (see VideoWriter::codec_note).
    std::string codec_note() const;
    // The files and folders written so far or to be written, for messages ("wrote ...").
    std::vector<std::string> outputs() const;

private:
    struct Outputs;
    FusionRenderer& renderer_;
    ExportSettings settings_;
    std::vector<OrbitPose> poses_;
    std::array<float, 2> depth_range_{};
    std::unique_ptr<Outputs> outputs_;
    ImageU8 last_frame_;
    int frames_done_ = 0;
    bool finished_ = false;
};

}  // namespace ivid

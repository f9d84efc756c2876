// The Generate panel: new scenes from a model pack (the bundled default, a pack folder, or a
// config + checkpoint per model), a seed with a dice button, a class (class-conditional models
// only, searched by ImageNet name), the viewset with its error shown as it is typed, and each
// model's sampler, steps and guidance, and the super-resolution stage when the pack has an SR
// model (on/off, sampler, mode); Generate (Ctrl+G) and Cancel, per-view progress with an ETA
// (both stages' steps), thumbnails of the finished views, a live preview of the x0 being denoised
// (in the super-resolution stage, which has none: the base views being upsampled), and Save scene.
// The job samples on its own thread; update() drains its events each frame and shows every
// finished view in the viewer at once. Builds without the LibTorch engine get a panel that says
// so (generate_panel_unavailable.cpp instead of generate_panel.cpp).
#pragma once

#include <memory>

#include "gui/state/studio_state.hpp"

namespace ivid {

class GeneratePanel {
public:
    GeneratePanel();
    ~GeneratePanel();  // a running job is cancelled
    GeneratePanel(const GeneratePanel&) = delete;
    GeneratePanel& operator=(const GeneratePanel&) = delete;

    // Every frame, shown or not: starts a requested generation (state.generate_requested),
    // takes the job's news and streams finished views into the viewer. Needs the GL context.
    void update(StudioState& state);
    void draw(StudioState& state);
    // A job is running (the frame loop keeps polling instead of waiting for input).
    bool busy() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ivid

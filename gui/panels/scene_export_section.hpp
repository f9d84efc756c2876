// The Export panel's "Scene export" section: the open scene as glTF .glb, a point-cloud PLY, 3DGS
// splats, a nerfstudio dataset folder or a float-depth folder, through the same core function as
// `ivid export` (core/export/scene_export.hpp). Errors become messages; an existing output is
// refused unless "overwrite" is ticked.
#pragma once

#include "gui/state/studio_state.hpp"

namespace ivid {

// Draws the section's choices and its Export button.
void draw_scene_export(StudioState& state);

// Exports the open scene as state.settings.scene_export says (with the panel's trajectory as an
// animated glb camera when include_trajectory); reports success or the error as a message.
// Returns whether the output was written.
bool export_open_scene(StudioState& state);

}  // namespace ivid

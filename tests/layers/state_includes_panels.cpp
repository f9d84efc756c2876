// Compiled only by the test layers-refuse-state-including-panels, with the studio state layer's
// include view (cmake/Layers.cmake): the state sits below the panels, so the second include must
// not be found. The test passes when the compiler says exactly that.
#include "gui/state/studio_state.hpp"  // the layer's own header: found
#include "gui/panels/view_panel.hpp"   // a layer above it: "No such file or directory"

// Compiled only by the test layers-refuse-undeclared-include, with the geometry layer's include
// view (cmake/Layers.cmake): geometry does not declare nn, so the second include must not be
// found. The test passes when the compiler says exactly that.
#include "core/geometry/camera.hpp"  // the layer's own header: found
#include "core/nn/adm_config.hpp"    // an undeclared layer: "No such file or directory"

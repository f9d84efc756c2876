// Keeps the GL driver loaded for the rest of the process once a context exists. Closing the last
// context's display (eglTerminate, glfwTerminate) makes Mesa unload its driver and the LLVM behind
// llvmpipe; the next context (the next export, the next test window) would load and initialise
// them again, and the two blocks LLVM allocates once and never frees would be reported by
// LeakSanitizer from an unknown module, which packaging/sanitizers/lsan.supp cannot name.
#pragma once

namespace ivid::gl {

// Takes one more reference on every shared library loaded now (the context's driver among them);
// only the first call does anything.
void keep_gl_driver_loaded();

}  // namespace ivid::gl

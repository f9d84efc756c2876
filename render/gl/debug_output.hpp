// GL debug output (KHR_debug / GL 4.3): driver errors and warnings are printed to stderr with
// their source and type, instead of failing silently.
#pragma once

namespace ivid::gl {

// Installs the callback when the context offers debug output; returns whether it did.
bool enable_debug_output();

}  // namespace ivid::gl

// An OpenGL 4.5 core context without a window, for CLI rendering (ivid render, ivid bench
// render, fixture-check): EGL on Mesa's surfaceless platform (no X server needed); when that
// fails and DISPLAY is set, a hidden GLFW window instead. The context is current on the
// constructing thread and glad is loaded for it.
#pragma once

#include <memory>
#include <string>

namespace ivid {

class HeadlessContext {
public:
    // Throws Error giving the reason of every way tried (EGL, then GLFW when DISPLAY is set).
    HeadlessContext();
    ~HeadlessContext();
    HeadlessContext(const HeadlessContext&) = delete;
    HeadlessContext& operator=(const HeadlessContext&) = delete;

    // E.g. "EGL surfaceless: llvmpipe (LLVM 15.0.6, 256 bits), 4.5 (Core Profile) Mesa 22.3.6".
    const std::string& description() const;

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
};

}  // namespace ivid

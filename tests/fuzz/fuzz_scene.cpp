// Scene folders (load_scene): the input is scene.json in a folder that holds a valid 4x4 scene's
// images (one view with condition buffers, written once by save_scene), so inputs that keep the
// seed's file names get through to image decoding and the cross-checks.
#include <cstddef>
#include <cstdint>

#include "core/scene/scene_io.hpp"
#include "core/util/error.hpp"
#include "tests/fuzz/fuzz_files.hpp"

namespace {

const std::filesystem::path& scene_dir() {
    static const std::filesystem::path dir = ivid::fuzz::fuzz_dir() / "scene";
    return dir;
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    constexpr int kSize = 4;
    ivid::View view;
    view.color = ivid::ImageU8(kSize, kSize, 3, 128);
    view.depth = ivid::Image(kSize, kSize, 1, 2.0f);
    view.condition = ivid::ViewCondition{ivid::ImageU8(kSize, kSize, 3, 64), ivid::Image(kSize, kSize, 1, 2.0f),
                                         ivid::ImageU8(kSize, kSize, 1, 255), ivid::ImageU8(kSize, kSize, 1, 255)};
    ivid::Scene scene;
    scene.image_size = kSize;
    scene.provenance.generator = "fuzz_scene";
    scene.provenance.date = "2026-01-01T00:00:00Z";
    scene.views.push_back(std::move(view));
    ivid::save_scene(scene, scene_dir(), false);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    try {
        ivid::fuzz::write_file(scene_dir() / "scene.json", data, size);
        ivid::load_scene(scene_dir());
    } catch (const ivid::Error&) {
        // Refused scenes are expected; crashes, leaks and other exceptions are findings.
    }
    return 0;
}

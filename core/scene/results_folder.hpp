// The evaluation folder `ivid generate --results DIR` fills: IVID's `results/` layout
// (inference/sample.py writes <output_dir>/results/, which eval.py hands to torch-fidelity), so
// any FID/KID tool that reads a folder of images (clean-fid, torch-fidelity, pytorch-fid) reads
// it as is. A flat folder of 8-bit RGB PNGs, colour only (no depth), at the scene's image size,
// named as sample.py names them: rgb_class<CCC>_seed<SSSSS>.png, or rgb_seed<SSSSS>.png for
// models without classes. sample.py keeps one image per scene there (the novel view of its
// "random" viewset); here every view of a scene goes in, tagged with its index in the scene
// folder: rgb_class088_seed00042_view000.png ... so the folder holds seeds x views images.
// Torch-free: it needs only the scene and the PNG writer.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/scene/scene.hpp"

namespace ivid {

// "rgb_class088_seed00042_view003.png" (class given) or "rgb_seed00042_view003.png".
std::string results_image_name(uint64_t seed, std::optional<int> class_label, size_t view);

// The images of the first `views` views of a scene in `dir`, in view order.
std::vector<std::filesystem::path> results_image_paths(const std::filesystem::path& dir, uint64_t seed,
                                                       std::optional<int> class_label, size_t views);

// Refuses, before any work, a folder that could not take the images: an existing `dir` must be a
// folder that accepts new files; a missing one is created when the first scene is written, so
// its nearest existing parent must. Creates nothing. Errors name the folder and the reason.
void require_results_folder(const std::filesystem::path& dir);

// Writes the colour of every view of `scene` (seed and class from its provenance) into `dir`,
// creating it, each image moved into place complete. Existing images of the scene are replaced.
void write_results_images(const Scene& scene, const std::filesystem::path& dir);

}  // namespace ivid

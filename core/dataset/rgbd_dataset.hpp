// A training set of single RGBD images (no multi-view data): what `ivid train` learns from.
//
// Folder layouts read (a dataset.json at the root, when present, lists the files instead):
//  - ours (written by `ivid synth-dataset`): images/NAME.png|jpg with depths/NAME.exr (float32
//    LINEAR depth), depths/NAME.png (16-bit, millimetres) or depths/NAME.npy (float32 linear);
//  - IVID's: images/NAME.* with depths/NAME.npz (MiDaS disparity, key arr_0), treated as IVID's
//    BaseDataset does (divide by 6250, rescale so that the largest disparity is at most 1/near).
// Optional class labels: images/<class folder>/NAME.* (label = index of the sorted folder name),
// with depths/<class folder>/NAME.* beside.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "core/image/image.hpp"

namespace ivid::dataset {

// How a model's depth channel encodes depth (IVID config "dataset" block: prepocess_depth
// "z_buffer" with near and far). Generation decodes with the same numbers.
struct DepthEncoding {
    float near = 0.6f;
    float far = 5.0f;
};

enum class DepthFileKind { LinearExr, LinearPng16mm, LinearNpy, MidasDisparityNpz };

struct RgbdEntry {
    std::filesystem::path image;   // absolute
    std::filesystem::path depth;   // absolute
    DepthFileKind depth_kind = DepthFileKind::LinearExr;
    std::optional<int> label;
};

struct RgbdSample {
    Image rgbd;                // size x size x 4: colour in [0,1], depth z_buffer-encoded in [0,1]
    std::optional<int> label;
};

// An entry at its files' own resolution, before any resize: what load() crops, and what other
// training crops (the super-resolution stage's low-res input) start from.
struct RgbdOriginal {
    ImageU8 colour;            // W x H x 3, as read
    Image depth;               // W x H x 1, z_buffer-encoded in [0,1]
    std::optional<int> label;
};

// IVID's training crop of an original at size x size (see RgbdDataset::load).
RgbdSample resize_crop_sample(const RgbdOriginal& original, int size);

class RgbdDataset {
public:
    // Scans `root`. Throws Error naming the folder when it is missing or holds no image, and
    // naming the image whose depth file is missing.
    explicit RgbdDataset(const std::filesystem::path& root);

    const std::filesystem::path& root() const { return root_; }
    size_t size() const { return entries_.size(); }
    const RgbdEntry& entry(size_t i) const { return entries_.at(i); }
    // Class folder names in label order (empty when the dataset has no labels).
    const std::vector<std::string>& class_names() const { return class_names_; }

    // Loads entry i at size x size: the colour is Lanczos-resized (shorter side) and centre
    // cropped, the depth nearest-resized the same way, then encoded. Throws Error naming the file
    // for unreadable or truncated images, depth of a different size than its image, and NaN or
    // non-positive depth.
    RgbdSample load(size_t i, int size, const DepthEncoding& encoding) const;
    // Entry i read and depth-encoded, not resized (the same errors as load).
    RgbdOriginal load_original(size_t i, const DepthEncoding& encoding) const;

private:
    std::filesystem::path root_;
    std::vector<RgbdEntry> entries_;
    std::vector<std::string> class_names_;
};

}  // namespace ivid::dataset

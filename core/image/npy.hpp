// NumPy .npy files (version 1/2, little endian, C order): the fixtures' format, and a handy
// dump format for debugging buffers.
#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <string>
#include <vector>

#include "core/image/image.hpp"

namespace ivid {

struct NpyArray {
    std::string dtype;           // "float32", "float64", "int32", "int64", "uint8"
    std::vector<size_t> shape;
    std::vector<uint8_t> bytes;  // raw little-endian element data, C order

    size_t size() const;         // element count
    // Element values converted to the requested type (any numeric dtype is accepted; as_int
    // refuses a float element that is not finite or out of int64's range).
    std::vector<float> as_float() const;
    std::vector<double> as_double() const;
    std::vector<int64_t> as_int() const;
};

// Throws Error naming the file on a missing file, bad magic, unsupported dtype or Fortran order.
NpyArray load_npy(const std::filesystem::path& path);
// The same from a stream (e.g. a member of an .npz archive); `name` is used in errors.
NpyArray read_npy(std::istream& in, const std::string& name);
void save_npy(const std::filesystem::path& path, const NpyArray& array);

// An (H, W) or (H, W, C) array as an image; the file is named in any error.
Image npy_to_image(const NpyArray& array, const std::string& what);
ImageU8 npy_to_image_u8(const NpyArray& array, const std::string& what);
NpyArray image_to_npy(const Image& img);

}  // namespace ivid

// Image files: 8-bit RGB PNG for colour, single-channel 32-bit float OpenEXR for depth.
// Readers decode the whole file and name it in every error; writers are atomic.
#pragma once

#include <filesystem>

#include "core/image/image.hpp"

namespace ivid {

// PNG (or any 8-bit format OpenCV reads) as RGB or grey 8-bit; alpha is dropped. With
// exact_channels the file must store exactly expected_channels (no grey/RGB/alpha conversion).
ImageU8 read_image_u8(const std::filesystem::path& path, int expected_channels,
                      bool exact_channels = false);
void write_png(const std::filesystem::path& path, const ImageU8& img);

// Single-channel 16-bit PNG (e.g. depth in millimetres) with its raw values 0..65535 as float.
Image read_png16(const std::filesystem::path& path);
void write_png16(const std::filesystem::path& path, const ImageT<uint16_t>& img);

// Single-channel float32 OpenEXR.
Image read_exr(const std::filesystem::path& path);
void write_exr(const std::filesystem::path& path, const Image& img);

}  // namespace ivid

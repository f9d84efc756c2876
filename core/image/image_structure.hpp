// Structural checks of an image file before a decoder sees it: PNG chunks (lengths, CRCs, the
// claimed size) and OpenEXR headers (attribute sizes, the data window). A damaged or hostile file
// would otherwise reach the decoder's assertions, its own log lines, or an allocation of whatever
// size the file claims (OpenEXR 3.1 allocates an unknown attribute's declared size, up to 2 GiB,
// before reading it). Other formats are left to the decoder.
#pragma once

#include <cstdint>
#include <filesystem>

namespace ivid {

// No image of the project is near this size; larger claims are refused before decoding.
constexpr uint32_t kMaxImageSide = 16384;

// Error naming the file and what is wrong ("cannot decode image: truncated PNG ...", "EXR header:
// expected at most 16384 pixels per side ..."); nothing for a sound file or another format.
void check_image_structure(const std::filesystem::path& path);

}  // namespace ivid

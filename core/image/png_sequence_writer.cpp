#include "core/image/png_sequence_writer.hpp"

#include "core/image/image_io.hpp"

namespace ivid {

void PngSequenceWriter::write(const ImageU8& rgb) {
    folder_.add(".png", [&](const std::filesystem::path& file) { write_png(file, rgb); });
}

}  // namespace ivid

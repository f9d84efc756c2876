#include "gui/panels/inspector_save.hpp"

#include "core/export/float_depth.hpp"
#include "core/image/exr_depth.hpp"
#include "core/image/image_io.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"
#include "gui/panels/inspector_buffers.hpp"

namespace fs = std::filesystem;

namespace ivid {

std::vector<fs::path> save_source_buffers(const StudioState& state, int source, const fs::path& stem, bool overwrite) {
    if (stem.empty() || stem.filename().empty())
        throw Error::at("inspector", "save as", "a file name stem", "'" + stem.string() + "'");
    if (source < 0 && state.frame_version == 0) throw Error::at("inspector", "fused frame", "a rendered frame", "none yet");
    const auto with = [&](const std::string& suffix) { return fs::path(stem.string() + suffix); };
    const std::vector<fs::path> files{with(".png"), with(".exr"), with("_mm.png")};
    for (const fs::path& file : files) require_writable_destination(file, overwrite);
    const InspectedImage colour = inspect(state, source, InspectorBuffer::Color, state.settings.inspector);
    const Image depth = inspect(state, source, InspectorBuffer::Depth, state.settings.inspector).values;
    // Millimetres first: a depth beyond their range fails before any file is written.
    const ImageT<uint16_t> millimetres = depth_millimetres(depth);
    write_png(files[0], colour.display);
    write_exr_z(files[1], depth);
    write_png16(files[2], millimetres);
    return files;
}

}  // namespace ivid

#include "core/image/exr_depth.hpp"

#include <cstddef>
#include <string>

#include <OpenEXR/ImfChannelList.h>
#include <OpenEXR/ImfFrameBuffer.h>
#include <OpenEXR/ImfHeader.h>
#include <OpenEXR/ImfInputFile.h>
#include <OpenEXR/ImfOutputFile.h>

#include "core/image/image_structure.hpp"
#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"

namespace ivid {

void write_exr_z(const std::filesystem::path& path, const Image& depth) {
    require(depth.channels == 1 && !depth.empty(), path.string() + ": EXR depth needs one channel of pixels");
    write_file_atomically(path, [&](const std::filesystem::path& tmp) {
        try {
            Imf::Header header(depth.width, depth.height);
            header.compression() = Imf::ZIP_COMPRESSION;
            header.channels().insert("Z", Imf::Channel(Imf::FLOAT));
            Imf::FrameBuffer frame;
            char* base = reinterpret_cast<char*>(const_cast<float*>(depth.data.data()));
            frame.insert("Z", Imf::Slice(Imf::FLOAT, base, sizeof(float), sizeof(float) * size_t(depth.width)));
            Imf::OutputFile file(tmp.string().c_str(), header);
            file.setFrameBuffer(frame);
            file.writePixels(depth.height);
        } catch (const std::exception& e) {
            throw Error(path.string() + ": cannot write OpenEXR: " + e.what());
        }
    });
}

Image read_exr_z(const std::filesystem::path& path) {
    check_image_structure(path);
    try {
        Imf::InputFile file(path.string().c_str());
        const Imath::Box2i window = file.header().dataWindow();
        const Imf::Channel* z = file.header().channels().findChannel("Z");
        if (!z) throw Error::at(path.string(), "channels", "a \"Z\" channel", "none");
        if (z->type != Imf::FLOAT) throw Error::at(path.string(), "Z channel", "32-bit float", "another pixel type");
        const int width = window.max.x - window.min.x + 1, height = window.max.y - window.min.y + 1;
        Image depth(width, height, 1);
        // OpenEXR addresses pixels by their data-window coordinates, which need not start at 0.
        char* base = reinterpret_cast<char*>(depth.data.data()) -
                     (ptrdiff_t(window.min.x) + ptrdiff_t(window.min.y) * width) * ptrdiff_t(sizeof(float));
        Imf::FrameBuffer frame;
        frame.insert("Z", Imf::Slice(Imf::FLOAT, base, sizeof(float), sizeof(float) * size_t(width)));
        file.setFrameBuffer(frame);
        file.readPixels(window.min.y, window.max.y);
        return depth;
    } catch (const Error&) {
        throw;
    } catch (const std::exception& e) {
        throw Error(path.string() + ": cannot read OpenEXR: " + e.what());
    }
}

}  // namespace ivid

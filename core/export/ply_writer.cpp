#include "core/export/ply_writer.hpp"

#include <cstring>
#include <fstream>

#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"

namespace ivid {

std::vector<float>& PlyVertexTable::add_float(const std::string& name) {
    columns_.push_back({name, true, floats_.size()});
    return floats_.emplace_back(rows_, 0.0f);
}

std::vector<uint8_t>& PlyVertexTable::add_uchar(const std::string& name) {
    columns_.push_back({name, false, uchars_.size()});
    return uchars_.emplace_back(rows_, uint8_t(0));
}

std::string PlyVertexTable::bytes(const std::string& comment) const {
    std::string header = "ply\nformat binary_little_endian 1.0\ncomment " + comment + "\nelement vertex " +
                         std::to_string(rows_) + "\n";
    size_t row_bytes = 0;
    for (const Column& c : columns_) {
        const size_t length = c.is_float ? floats_[c.index].size() : uchars_[c.index].size();
        if (length != rows_)
            throw Error::at("PLY table", c.name, std::to_string(rows_) + " values", std::to_string(length));
        header += std::string("property ") + (c.is_float ? "float " : "uchar ") + c.name + "\n";
        row_bytes += c.is_float ? 4 : 1;
    }
    header += "end_header\n";
    std::string out = header;
    out.resize(header.size() + row_bytes * rows_);
    char* p = out.data() + header.size();
    // The project builds for little-endian machines only (x86-64, aarch64), as PLY's layout here.
    for (size_t r = 0; r < rows_; ++r)
        for (const Column& c : columns_) {
            if (c.is_float) {
                std::memcpy(p, &floats_[c.index][r], 4);
                p += 4;
            } else {
                *p++ = char(uchars_[c.index][r]);
            }
        }
    return out;
}

void PlyVertexTable::write(const std::filesystem::path& file, const std::string& comment, bool overwrite) const {
    require_writable_destination(file, overwrite);
    const std::string data = bytes(comment);
    write_file_atomically(file, [&](const std::filesystem::path& tmp) {
        std::ofstream out(tmp, std::ios::binary);
        out.write(data.data(), std::streamsize(data.size()));
        if (!out) throw Error(file.string() + ": cannot write");
    });
}

}  // namespace ivid

// Binary little-endian PLY files with a single "vertex" element: a table of named float and
// uchar columns of equal length, written row by row in the order the columns were added.
#pragma once

#include <cstdint>
#include <deque>
#include <filesystem>
#include <string>
#include <vector>

namespace ivid {

class PlyVertexTable {
public:
    explicit PlyVertexTable(size_t rows) : rows_(rows) {}

    // The column's values, filled by the caller (rows() entries each); the reference stays valid
    // while more columns are added.
    std::vector<float>& add_float(const std::string& name);
    std::vector<uint8_t>& add_uchar(const std::string& name);

    size_t rows() const { return rows_; }
    // Header plus binary rows; throws Error when a column's length is not rows().
    std::string bytes(const std::string& comment) const;
    // Atomic write of bytes(); refuses an existing file unless `overwrite`.
    void write(const std::filesystem::path& file, const std::string& comment, bool overwrite) const;

private:
    struct Column {
        std::string name;
        bool is_float = true;
        size_t index = 0;  // into floats_ or uchars_
    };
    size_t rows_;
    std::vector<Column> columns_;
    std::deque<std::vector<float>> floats_;  // a deque: adding a column moves no other column
    std::deque<std::vector<uint8_t>> uchars_;
};

}  // namespace ivid

#include "core/export/point_cloud_ply.hpp"

namespace ivid {

PlyVertexTable point_cloud_table(const std::vector<ViewSurface>& surfaces) {
    PlyVertexTable table(point_count(surfaces));
    std::vector<float>* xyz[3] = {&table.add_float("x"), &table.add_float("y"), &table.add_float("z")};
    std::vector<float>* normal[3] = {&table.add_float("nx"), &table.add_float("ny"), &table.add_float("nz")};
    std::vector<uint8_t>* rgb[3] = {&table.add_uchar("red"), &table.add_uchar("green"), &table.add_uchar("blue")};
    size_t row = 0;
    for (const ViewSurface& s : surfaces)
        for (size_t i = 0; i < s.positions.size(); ++i, ++row)
            for (int a = 0; a < 3; ++a) {
                (*xyz[a])[row] = s.positions[i][a];
                (*normal[a])[row] = s.normals[i][a];
                (*rgb[a])[row] = s.colors[i][a];
            }
    return table;
}

}  // namespace ivid

#include "core/geometry/quad_split.hpp"

namespace ivid {

void append_quad_split(std::vector<glm::ivec3>& faces, const QuadCorners& q, double tl_br_length,
                       double tr_bl_length) {
    if (tl_br_length < tr_bl_length) {
        faces.emplace_back(q.tr, q.tl, q.br);
        faces.emplace_back(q.bl, q.br, q.tl);
    } else {
        faces.emplace_back(q.tr, q.tl, q.bl);
        faces.emplace_back(q.bl, q.br, q.tr);
    }
}

}  // namespace ivid

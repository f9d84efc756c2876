#include "core/raster/mesh_shading.hpp"

#include <algorithm>
#include <cmath>

#include "core/util/error.hpp"

namespace ivid {

void validate_mesh_and_texture(const RgbdMesh& mesh, const Image& texture, bool needs_normals,
                               const std::string& who) {
    const size_t n = mesh.positions.size();
    const auto expect_count = [&](size_t found, const char* key) {
        if (found != n)
            throw Error::at(who, std::string("mesh ") + key, std::to_string(n) + " entries (one per vertex)",
                            std::to_string(found));
    };
    expect_count(mesh.uvs.size(), "uvs");
    expect_count(mesh.flags.size(), "flags");
    if (needs_normals) expect_count(mesh.normals.size(), "normals");
    if (texture.empty() || texture.channels != 3)
        throw Error::at(who, "texture", "a non-empty H x W x 3 image",
                        std::to_string(texture.height) + "x" + std::to_string(texture.width) + "x" +
                            std::to_string(texture.channels));
}

void validate_render_settings(int render_size, float near, float far, const std::string& who) {
    if (render_size <= 0) throw Error::at(who, "render_size", "> 0", std::to_string(render_size));
    if (!(near > 0.0f && far > near))
        throw Error::at(who, "near/far", "0 < near < far", std::to_string(near) + " / " + std::to_string(far));
}

glm::vec3 sample_nearest(const Image& texture, float u, float v) {
    const auto texel = [](float coord, int size) {
        const float scaled = std::floor(coord * float(size));
        return int(std::min(std::max(scaled, 0.0f), float(size - 1)));
    };
    const float* t = &texture.at(texel(v, texture.height), texel(u, texture.width));
    return {t[0], t[1], t[2]};
}

float flag_bit(int32_t flag, int bit) { return float((flag >> bit) & 1); }

}  // namespace ivid

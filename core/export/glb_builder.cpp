#include "core/export/glb_builder.hpp"

#include <algorithm>
#include <cstring>

#include <glm/gtc/vec1.hpp>

#include "core/util/error.hpp"

namespace ivid {

namespace {

constexpr int kFloat = 5126;
constexpr int kUnsignedInt = 5125;
constexpr int kArrayBuffer = 34962;
constexpr int kElementArrayBuffer = 34963;
constexpr int kNoTarget = 0;

template <int N>
nlohmann::json min_max(const std::vector<glm::vec<N, float>>& values) {
    if (values.empty()) return nullptr;
    glm::vec<N, float> lo = values[0], hi = values[0];
    for (const auto& v : values) {
        lo = glm::min(lo, v);
        hi = glm::max(hi, v);
    }
    nlohmann::json mn = nlohmann::json::array(), mx = nlohmann::json::array();
    for (int a = 0; a < N; ++a) {
        mn.push_back(lo[a]);
        mx.push_back(hi[a]);
    }
    return {{"min", mn}, {"max", mx}};
}

void append_u32(std::string& out, uint32_t v) {
    char b[4];
    std::memcpy(b, &v, 4);  // little-endian hosts only, as the glTF container
    out.append(b, 4);
}

}  // namespace

GlbBuilder::GlbBuilder() {
    doc_ = {{"asset", {{"version", "2.0"}, {"generator", "IVID Studio " IVID_VERSION}}}};
}

int GlbBuilder::append(const std::string& key, nlohmann::json value) {
    nlohmann::json& array = doc_[key];
    if (array.is_null()) array = nlohmann::json::array();
    array.push_back(std::move(value));
    return int(array.size()) - 1;
}

int GlbBuilder::add_view(const void* data, size_t bytes, int target) {
    while (bin_.size() % 4 != 0) bin_.push_back('\0');
    nlohmann::json view = {{"buffer", 0}, {"byteOffset", bin_.size()}, {"byteLength", bytes}};
    if (target != kNoTarget) view["target"] = target;
    bin_.append(static_cast<const char*>(data), bytes);
    return append("bufferViews", view);
}

int GlbBuilder::add_accessor(int view, int component_type, size_t count, const std::string& type,
                             const nlohmann::json& bounds) {
    if (count == 0) throw Error("glTF export: an empty " + type + " array has no accessor");
    nlohmann::json accessor = {{"bufferView", view}, {"componentType", component_type}, {"count", count}, {"type", type}};
    if (!bounds.is_null()) {
        accessor["min"] = bounds["min"];
        accessor["max"] = bounds["max"];
    }
    return append("accessors", accessor);
}

int GlbBuilder::add_positions(const std::vector<glm::vec3>& values) {
    const int view = add_view(values.data(), values.size() * sizeof(glm::vec3), kArrayBuffer);
    return add_accessor(view, kFloat, values.size(), "VEC3", min_max(values));
}

int GlbBuilder::add_vec3(const std::vector<glm::vec3>& values) {
    const int view = add_view(values.data(), values.size() * sizeof(glm::vec3), kArrayBuffer);
    return add_accessor(view, kFloat, values.size(), "VEC3", nullptr);
}

int GlbBuilder::add_indices(const std::vector<glm::uvec3>& faces) {
    const int view = add_view(faces.data(), faces.size() * sizeof(glm::uvec3), kElementArrayBuffer);
    return add_accessor(view, kUnsignedInt, faces.size() * 3, "SCALAR", nullptr);
}

int GlbBuilder::add_animation_times(const std::vector<float>& seconds) {
    const int view = add_view(seconds.data(), seconds.size() * sizeof(float), kNoTarget);
    std::vector<glm::vec1> as_vec(seconds.begin(), seconds.end());
    return add_accessor(view, kFloat, seconds.size(), "SCALAR", min_max(as_vec));
}

int GlbBuilder::add_animation_vec3(const std::vector<glm::vec3>& values) {
    const int view = add_view(values.data(), values.size() * sizeof(glm::vec3), kNoTarget);
    return add_accessor(view, kFloat, values.size(), "VEC3", nullptr);
}

int GlbBuilder::add_animation_vec4(const std::vector<glm::vec4>& values) {
    const int view = add_view(values.data(), values.size() * sizeof(glm::vec4), kNoTarget);
    return add_accessor(view, kFloat, values.size(), "VEC4", nullptr);
}

std::string GlbBuilder::bytes() const {
    nlohmann::json doc = doc_;
    std::string bin = bin_;
    while (bin.size() % 4 != 0) bin.push_back('\0');
    if (!bin.empty()) doc["buffers"] = nlohmann::json::array({{{"byteLength", bin.size()}}});
    std::string json = doc.dump();
    while (json.size() % 4 != 0) json.push_back(' ');
    const size_t total = 12 + 8 + json.size() + (bin.empty() ? 0 : 8 + bin.size());
    if (total > UINT32_MAX) throw Error("glTF export: the file would exceed 4 GiB, the GLB limit");
    std::string out;
    out.reserve(total);
    out.append("glTF", 4);
    append_u32(out, 2);
    append_u32(out, uint32_t(total));
    append_u32(out, uint32_t(json.size()));
    out.append("JSON", 4);
    out += json;
    if (!bin.empty()) {
        append_u32(out, uint32_t(bin.size()));
        out.append("BIN\0", 4);
        out += bin;
    }
    return out;
}

}  // namespace ivid

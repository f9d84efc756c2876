// A glTF 2.0 binary (.glb) being assembled: the JSON document plus one binary buffer. Each added
// array becomes its own 4-byte aligned buffer view and accessor; write() lays out the container
// (12-byte header, JSON chunk padded with spaces, BIN chunk padded with zeros).
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include <glm/glm.hpp>
#include <nlohmann/json.hpp>

namespace ivid {

class GlbBuilder {
public:
    GlbBuilder();

    nlohmann::json& document() { return doc_; }

    // Accessors; each returns its index. Vertex attributes get the ARRAY_BUFFER target, indices
    // ELEMENT_ARRAY_BUFFER, animation data none. Positions and animation inputs carry min/max, as
    // the specification requires.
    int add_positions(const std::vector<glm::vec3>& values);
    int add_vec3(const std::vector<glm::vec3>& values);  // normals, linear colours
    int add_indices(const std::vector<glm::uvec3>& faces);
    int add_animation_times(const std::vector<float>& seconds);
    int add_animation_vec3(const std::vector<glm::vec3>& values);
    int add_animation_vec4(const std::vector<glm::vec4>& values);

    // Appends `value` to the top-level array `key` (e.g. "nodes") and returns its index.
    int append(const std::string& key, nlohmann::json value);

    std::string bytes() const;

private:
    int add_view(const void* data, size_t bytes, int target);
    int add_accessor(int view, int component_type, size_t count, const std::string& type,
                     const nlohmann::json& min_max);

    nlohmann::json doc_;
    std::string bin_;
};

}  // namespace ivid

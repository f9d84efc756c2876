#include "core/scene/scene_meshing.hpp"

#include <cmath>

#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"

namespace ivid {
namespace {

const nlohmann::json* recorded_aggregation(const Scene& scene) {
    const nlohmann::json& extra = scene.provenance.extra;
    if (!extra.is_object() || !extra.contains("aggregation") || !extra["aggregation"].is_object()) return nullptr;
    return &extra["aggregation"];
}

}  // namespace

void validate(const MeshingTolerances& t, const std::string& source) {
    for (const auto& [key, value] : {std::pair{"atol", t.atol}, std::pair{"rtol", t.rtol}})
        if (!std::isfinite(value) || value < 0.0f) throw Error::at(source, key, "a number >= 0", std::to_string(value));
    if (t.erode_rgb < 1 || t.erode_rgb > 16)
        throw Error::at(source, "erode_rgb", "1..16", std::to_string(t.erode_rgb));
}

MeshingTolerances meshing_from_provenance(const Scene& scene) {
    MeshingTolerances t;
    const nlohmann::json* recorded = recorded_aggregation(scene);
    if (!recorded) return t;
    const std::string source = "scene provenance extra.aggregation";
    auto number = [&](const char* key, float fallback) {
        if (!recorded->contains(key)) return fallback;
        const nlohmann::json& v = (*recorded)[key];
        if (!v.is_number()) throw Error::at(source, key, "a number", v.dump());
        return v.get<float>();
    };
    t.atol = number("atol", t.atol);
    t.rtol = number("rtol", t.rtol);
    if (recorded->contains("erode_rgb")) {
        const nlohmann::json& v = (*recorded)["erode_rgb"];
        if (!v.is_number_integer()) throw Error::at(source, "erode_rgb", "an integer", v.dump());
        const int64_t e = v.get<int64_t>();
        if (e < 1 || e > 16) throw Error::at(source, "erode_rgb", "1..16", std::to_string(e));
        t.erode_rgb = int(e);
    }
    validate(t, source);
    return t;
}

std::string meshing_source(const Scene& scene) {
    return recorded_aggregation(scene) ? "the scene's provenance" : "IVID's defaults";
}

nlohmann::json to_json(const MeshingTolerances& t) {
    return {{"atol", json_decimal(t.atol)}, {"rtol", json_decimal(t.rtol)}, {"erode_rgb", t.erode_rgb}};
}

}  // namespace ivid

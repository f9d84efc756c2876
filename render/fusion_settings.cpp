#include "render/fusion_settings.hpp"

#include <algorithm>
#include <cmath>
#include <iterator>
#include <utility>

#include "core/util/error.hpp"

namespace ivid {
namespace {

constexpr const char* kWhere = "fusion settings";

std::string number_text(double value) {
    std::string text = std::to_string(value);
    text.erase(text.find_last_not_of('0') + 1);
    if (!text.empty() && text.back() == '.') text.pop_back();
    return text;
}

void require_range(bool ok, const std::string& key, const std::string& expected, double found) {
    if (!ok) throw Error::at(kWhere, key, expected, number_text(found));
}

// A finite number; Error naming `key` and the found value otherwise.
float finite_number(const nlohmann::json& value, const std::string& key) {
    if (!value.is_number() || !std::isfinite(value.get<double>()))
        throw Error::at(kWhere, key, "a finite number", value.dump());
    return value.get<float>();
}

}  // namespace

BlendMode parse_blend_mode(const std::string& name) { return parse_enum(kBlendModeNames, name, kWhere, "blend_mode"); }

std::string blend_mode_name(BlendMode mode) { return enum_name(kBlendModeNames, mode); }

void validate(const FusionRenderSettings& s) {
    require_range(s.supersampling >= 1 && s.supersampling <= FusionRenderSettings::kMaxSupersampling,
                  "supersampling", "1.." + std::to_string(FusionRenderSettings::kMaxSupersampling),
                  s.supersampling);
    const auto& lods = FusionRenderSettings::kMeshLods;
    require_range(std::find(std::begin(lods), std::end(lods), s.mesh_lod) != std::end(lods), "mesh_lod",
                  "1, 2 or 4", s.mesh_lod);
    require_range(s.view_sharpness > 0.0f && std::isfinite(s.view_sharpness), "view_sharpness", "> 0",
                  s.view_sharpness);
    require_range(s.depth_epsilon > 0.0f && s.depth_epsilon <= 1.0f, "depth_epsilon", "in (0, 1]",
                  s.depth_epsilon);
    require_range(s.max_detail >= 0.0f && std::isfinite(s.max_detail), "max_detail",
                  ">= 0 (0 = render at the output size)", s.max_detail);
    require_range(s.max_views >= 0, "max_views", ">= 0 (0 = all views)", s.max_views);
    for (int c = 0; c < 3; ++c)
        require_range(s.background[c] >= 0.0f && s.background[c] <= 1.0f,
                      "background[" + std::to_string(c) + "]", "in [0, 1]", s.background[c]);
    require_range(s.fov_deg > 0.0f && s.fov_deg < 180.0f, "fov_deg", "in (0, 180)", s.fov_deg);
}

bool operator==(const FusionRenderSettings& a, const FusionRenderSettings& b) {
    return a.blend_mode == b.blend_mode && a.supersampling == b.supersampling && a.mesh_lod == b.mesh_lod &&
           a.merge_planar == b.merge_planar && a.max_detail == b.max_detail &&
           a.view_sharpness == b.view_sharpness && a.depth_epsilon == b.depth_epsilon &&
           a.max_views == b.max_views && a.background == b.background && a.fov_deg == b.fov_deg;
}

void to_json(nlohmann::json& json, const FusionRenderSettings& s) {
    json = {{"blend_mode", blend_mode_name(s.blend_mode)},
            {"supersampling", s.supersampling},
            {"mesh_lod", s.mesh_lod},
            {"merge_planar", s.merge_planar},
            {"max_detail", s.max_detail},
            {"view_sharpness", s.view_sharpness},
            {"depth_epsilon", s.depth_epsilon},
            {"max_views", s.max_views},
            {"background", {s.background.r, s.background.g, s.background.b}},
            {"fov_deg", s.fov_deg}};
}

void from_json(const nlohmann::json& json, FusionRenderSettings& s) {
    if (!json.is_object()) throw Error::at(kWhere, "", "a JSON object", json.dump());
    FusionRenderSettings read = s;
    if (json.contains("blend_mode")) {
        if (!json["blend_mode"].is_string())
            throw Error::at(kWhere, "blend_mode", enum_choices(kBlendModeNames), json["blend_mode"].dump());
        read.blend_mode = parse_blend_mode(json["blend_mode"].get<std::string>());
    }
    for (const auto& [key, field] : {std::pair{"supersampling", &read.supersampling},
                                     std::pair{"mesh_lod", &read.mesh_lod},
                                     std::pair{"max_views", &read.max_views}})
        if (json.contains(key)) {
            if (!json[key].is_number_integer()) throw Error::at(kWhere, key, "an integer", json[key].dump());
            *field = json[key].get<int>();
        }
    if (json.contains("merge_planar")) {
        if (!json["merge_planar"].is_boolean())
            throw Error::at(kWhere, "merge_planar", "true or false", json["merge_planar"].dump());
        read.merge_planar = json["merge_planar"].get<bool>();
    }
    for (const auto& [key, field] : {std::pair{"view_sharpness", &read.view_sharpness},
                                     std::pair{"depth_epsilon", &read.depth_epsilon},
                                     std::pair{"max_detail", &read.max_detail},
                                     std::pair{"fov_deg", &read.fov_deg}})
        if (json.contains(key)) *field = finite_number(json[key], key);
    if (json.contains("background")) {
        const nlohmann::json& bg = json["background"];
        if (!bg.is_array() || bg.size() != 3)
            throw Error::at(kWhere, "background", "an array of 3 numbers", bg.dump());
        for (int c = 0; c < 3; ++c) read.background[c] = finite_number(bg[c], "background[" + std::to_string(c) + "]");
    }
    validate(read);
    s = read;
}

}  // namespace ivid

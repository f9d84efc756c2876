#include "gui/state/scene_export_settings.hpp"

#include "core/util/error.hpp"

namespace ivid {

nlohmann::json scene_export_settings_to_json(const SceneExportSettings& s) {
    return {{"format", scene_export_format_name(s.format)},
            {"out", s.out.string()},
            {"merge_views", s.merge_views},
            {"cameras", s.cameras},
            {"include_trajectory", s.include_trajectory},
            {"dedup", s.dedup},
            {"overwrite", s.overwrite}};
}

void read_scene_export_settings(const JsonAt& json, SceneExportSettings& s) {
    json.object();
    SceneExportSettings read = s;
    if (json.has("format")) {
        read.format = json["format"].enum_value(kSceneExportFormatNames);
    }
    if (json.has("out")) read.out = json["out"].string();
    for (const auto& [key, flag] : {std::pair{"merge_views", &read.merge_views}, std::pair{"cameras", &read.cameras},
                                    std::pair{"include_trajectory", &read.include_trajectory},
                                    std::pair{"dedup", &read.dedup}, std::pair{"overwrite", &read.overwrite}})
        if (json.has(key)) *flag = json[key].boolean();
    s = read;
}

}  // namespace ivid

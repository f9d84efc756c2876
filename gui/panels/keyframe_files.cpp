#include "gui/panels/keyframe_files.hpp"

#include "core/util/atomic_file.hpp"
#include "core/util/error.hpp"
#include "core/util/json_fields.hpp"

namespace ivid {

LoadedKeyframes load_keyframe_file(const std::filesystem::path& file) {
    const nlohmann::json doc = parse_json_file(file);
    LoadedKeyframes loaded;
    if (doc.is_object() && doc.value("format", nlohmann::json()) == "ivid-keyframes") {
        loaded.path = load_keyframes(file);
        return loaded;
    }
    const ImportedCameraPath imported = import_nerfstudio_camera_path(doc, file.string(), CameraPathImport::Keyframes);
    loaded.path = imported.path;
    loaded.format = KeyframeFileFormat::Nerfstudio;
    if (imported.fov_varies) loaded.note = "the cameras' fov varies; the studio renders with the View panel's fov";
    return loaded;
}

void save_keyframe_file(const KeyframePath& path, const std::filesystem::path& file, KeyframeFileFormat format,
                        const CameraPathFormat& camera) {
    if (path.keys.empty()) throw Error::at(file.string(), "keyframes", "at least one keyframe", "none");
    if (format == KeyframeFileFormat::Ivid) {
        save_keyframes(path, file);
        return;
    }
    const nlohmann::json doc = nerfstudio_camera_path(path, camera, camera_path_frames(path, camera.fps));
    write_text_atomically(file, doc.dump(2) + "\n");
}

}  // namespace ivid

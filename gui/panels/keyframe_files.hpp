// The keyframe editor's files: the studio's own ivid-keyframes JSON and nerfstudio's
// camera_path.json (what its viewer's "Export path" writes and `ns-render camera-path` reads),
// converted by core/export/nerfstudio_camera_path.hpp. Loading tells the two apart by content.
#pragma once

#include <filesystem>
#include <string>

#include "core/export/nerfstudio_camera_path.hpp"
#include "core/geometry/camera.hpp"

namespace ivid {

enum class KeyframeFileFormat { Ivid, Nerfstudio };

struct LoadedKeyframes {
    KeyframePath path;
    KeyframeFileFormat format = KeyframeFileFormat::Ivid;
    std::string note;  // what the studio could not keep (a varying nerfstudio fov), else empty
};

// An object whose "format" is "ivid-keyframes" is the studio's own file; any other JSON object is
// read as a nerfstudio camera path (its keyframes). Errors name the file and key.
LoadedKeyframes load_keyframe_file(const std::filesystem::path& file);

// Writes `path` in `format`, atomically; a nerfstudio path records `camera` (fov, size, fps) and
// as many frames as the path lasts at that fps. Error on an empty path or an unwritable folder.
void save_keyframe_file(const KeyframePath& path, const std::filesystem::path& file, KeyframeFileFormat format,
                        const CameraPathFormat& camera);

}  // namespace ivid

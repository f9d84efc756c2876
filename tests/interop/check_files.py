"""Checks of exported files against the formats' published schemas and the exporter's reports,
for test_export.sh (Python standard library only).

  glb-vs-blender REPORT.json BLENDER.json SCENE_DIR   counts, bounds and view cameras as Blender imported them
  ply-vs-blender REPORT.json BLENDER.json            point count and bounds (read from the PLY itself)
  nerfstudio DIR SCENE_DIR                           transforms.json field by field, files, depth PNGs
  camera-path FILE.json                              camera_path.json field by field
  same-keyframes A.json B.json                       two camera paths' keyframes agree to 1e-6
  exr-z FILE.exr                                     OpenEXR magic number and a FLOAT channel named Z
Exits 1 with a message naming the file and field on the first mismatch."""
import json
import math
import os
import struct
import sys


def fail(message):
    print("check_files: " + message)
    sys.exit(1)


def load(path):
    with open(path) as f:
        return json.load(f)


def close(a, b, tol, what):
    if abs(a - b) > tol:
        fail(f"{what}: {a} vs {b} (tolerance {tol})")


def to_blender(p):
    """glTF's +y up to Blender's +z up, as Blender's importer converts: (x, y, z) -> (x, -z, y)."""
    return [p[0], -p[2], p[1]]


def glb_vs_blender(report_path, blender_path, scene_dir):
    report, seen = load(report_path), load(blender_path)
    for key in ("meshes", "vertices", "triangles", "cameras"):
        if report[key] != seen[key]:
            fail(f"{blender_path}: {key}: Blender imported {seen[key]}, the exporter wrote {report[key]}")
    lo, hi = to_blender(report["bounds"]["min"]), to_blender(report["bounds"]["max"])
    lo, hi = [min(a, b) for a, b in zip(lo, hi)], [max(a, b) for a, b in zip(lo, hi)]
    for a in range(3):
        close(seen["bounds"]["min"][a], lo[a], 1e-5, f"{blender_path}: bounds.min[{a}]")
        close(seen["bounds"]["max"][a], hi[a], 1e-5, f"{blender_path}: bounds.max[{a}]")
    scene = load(os.path.join(scene_dir, "scene.json"))
    views = scene["views"]
    for k in (0, len(views) // 2, len(views) - 1):
        name = "camera_%03d" % k
        mv = views[k]["modelview"]  # 4 rows of world -> camera
        # camera -> world: R^T and -R^T t; then Blender's axes.
        r = [[mv[i][j] for j in range(3)] for i in range(3)]
        t = [mv[i][3] for i in range(3)]
        eye = [-sum(r[i][j] * t[i] for i in range(3)) for j in range(3)]
        axes = [[r[i][j] for i in range(3)] for j in range(3)]  # rows of R^T = camera axes in world (columns)
        expected_eye = to_blender(eye)
        matrix = seen["camera_matrices"][name]
        for a in range(3):
            close(matrix[a][3], expected_eye[a], 1e-5, f"{blender_path}: {name} position[{a}]")
        for c in range(3):  # camera x, y, z axes in Blender's world
            axis = to_blender([axes[0][c], axes[1][c], axes[2][c]])
            for a in range(3):
                close(matrix[a][c], axis[a], 1e-5, f"{blender_path}: {name} axis {c} [{a}]")
        close(seen["camera_fov"][name], math.radians(scene["fov"]), 1e-5, f"{blender_path}: {name} fov")


def ply_vs_blender(report_path, blender_path):
    report, seen = load(report_path), load(blender_path)
    count = report.get("points", report.get("splats"))
    if seen["vertices"] != count:
        fail(f"{blender_path}: Blender imported {seen['vertices']} points, the exporter wrote {count}")
    ply = ply_bounds(report["out"])
    for a in range(3):  # Blender's PLY importer keeps the file's axes
        close(seen["bounds"]["min"][a], ply["min"][a], 1e-5, f"{blender_path}: bounds.min[{a}]")
        close(seen["bounds"]["max"][a], ply["max"][a], 1e-5, f"{blender_path}: bounds.max[{a}]")


def ply_bounds(path):
    """Bounds of x, y, z in a binary little-endian PLY whose first three properties are float x y z."""
    with open(path, "rb") as f:
        data = f.read()
    end = data.index(b"end_header\n") + len(b"end_header\n")
    header = data[:end].decode().splitlines()
    count = next(int(line.split()[2]) for line in header if line.startswith("element vertex"))
    props = [line.split() for line in header if line.startswith("property")]
    size = sum(4 if p[1] == "float" else 1 for p in props)
    lo, hi = [1e30] * 3, [-1e30] * 3
    for i in range(count):
        xyz = struct.unpack_from("<3f", data, end + i * size)
        for a in range(3):
            lo[a], hi[a] = min(lo[a], xyz[a]), max(hi[a], xyz[a])
    return {"min": lo, "max": hi}


def png_header(path):
    with open(path, "rb") as f:
        data = f.read(26)
    if data[:8] != b"\x89PNG\r\n\x1a\n":
        fail(f"{path}: not a PNG")
    width, height = struct.unpack(">II", data[16:24])
    return width, height, data[24], data[25]  # bit depth, colour type


def need(obj, key, kind, where):
    if key not in obj:
        fail(f"{where}: {key}: missing")
    if not isinstance(obj[key], kind) or isinstance(obj[key], bool) and kind is not bool:
        fail(f"{where}: {key}: expected {kind}, found {type(obj[key]).__name__}")
    return obj[key]


def nerfstudio(folder, scene_dir):
    where = os.path.join(folder, "transforms.json")
    t = load(where)
    scene = load(os.path.join(scene_dir, "scene.json"))
    if need(t, "camera_model", str, where) != "OPENCV":
        fail(f"{where}: camera_model: {t['camera_model']}")
    for key in ("fl_x", "fl_y", "cx", "cy", "k1", "k2", "p1", "p2"):
        need(t, key, (int, float), where)
    size = scene["image_size"]
    if need(t, "w", int, where) != size or need(t, "h", int, where) != size:
        fail(f"{where}: w/h {t['w']}x{t['h']}, the scene's views are {size}")
    close(t["fl_y"], size / 2 / math.tan(math.radians(scene["fov"]) / 2), 1e-9, f"{where}: fl_y")
    frames = need(t, "frames", list, where)
    if len(frames) != len(scene["views"]):
        fail(f"{where}: {len(frames)} frames for {len(scene['views'])} views")
    for i, frame in enumerate(frames):
        at = f"{where}: frames[{i}]"
        m = need(frame, "transform_matrix", list, at)
        if len(m) != 4 or any(len(row) != 4 for row in m) or m[3] != [0, 0, 0, 1]:
            fail(f"{at}: transform_matrix: expected 4 rows of 4 ending 0 0 0 1, found {m}")
        for key, depth in (("file_path", (8, 2)), ("depth_file_path", (16, 0))):
            path = os.path.join(folder, need(frame, key, str, at))
            w, h, bits, colour = png_header(path)
            if (w, h) != (size, size) or (bits, colour) != depth:
                fail(f"{path}: {w}x{h}, {bits}-bit colour type {colour}, expected {size}x{size} {depth}")
    if not os.path.isfile(os.path.join(folder, need(t, "ply_file_path", str, where))):
        fail(f"{where}: ply_file_path {t['ply_file_path']} is not a file")


def camera_path(path):
    doc = load(path)
    for key, kind in (("render_width", int), ("render_height", int), ("fps", (int, float)), ("seconds", (int, float)),
                      ("camera_type", str), ("keyframes", list), ("camera_path", list)):
        need(doc, key, kind, path)
    if round(doc["fps"] * doc["seconds"]) != len(doc["camera_path"]):
        fail(f"{path}: fps x seconds = {doc['fps'] * doc['seconds']}, camera_path has {len(doc['camera_path'])} entries")
    for i, camera in enumerate(doc["camera_path"]):
        at = f"{path}: camera_path[{i}]"
        m = need(camera, "camera_to_world", list, at)
        if len(m) != 16 or m[12:] != [0, 0, 0, 1]:
            fail(f"{at}: camera_to_world: expected 16 numbers ending 0 0 0 1")
        need(camera, "fov", (int, float), at)
        need(camera, "aspect", (int, float), at)
    for i, key in enumerate(doc["keyframes"]):
        at = f"{path}: keyframes[{i}]"
        if len(need(key, "matrix", list, at)) != 16:
            fail(f"{at}: matrix: expected 16 numbers")
        need(key, "fov", (int, float), at)


def same_keyframes(a_path, b_path):
    a, b = load(a_path)["keyframes"], load(b_path)["keyframes"]
    if len(a) != len(b):
        fail(f"{b_path}: {len(b)} keyframes, {a_path} has {len(a)}")
    for i, (ka, kb) in enumerate(zip(a, b)):
        for j in range(16):
            close(ka["matrix"][j], kb["matrix"][j], 1e-6, f"{b_path}: keyframes[{i}].matrix[{j}]")
        if ka.get("override_transition_sec") != kb.get("override_transition_sec"):
            close(ka["override_transition_sec"], kb["override_transition_sec"], 1e-6,
                  f"{b_path}: keyframes[{i}].override_transition_sec")


def exr_z(path):
    with open(path, "rb") as f:
        data = f.read(4096)
    if data[:4] != b"\x76\x2f\x31\x01":
        fail(f"{path}: not OpenEXR")
    at = data.find(b"channels\x00chlist\x00")
    if at < 0:
        fail(f"{path}: no channel list")
    entry = data[at + 16 + 4:]  # after the attribute name, type and size
    name = entry[:entry.index(b"\x00")]
    pixel_type = struct.unpack("<i", entry[len(name) + 1:len(name) + 5])[0]
    if name != b"Z" or pixel_type != 2:  # 2 = FLOAT
        fail(f"{path}: first channel {name!r} of pixel type {pixel_type}, expected 'Z' FLOAT")


COMMANDS = {"glb-vs-blender": glb_vs_blender, "ply-vs-blender": ply_vs_blender, "nerfstudio": nerfstudio,
            "camera-path": camera_path, "same-keyframes": same_keyframes, "exr-z": exr_z}

if __name__ == "__main__":
    COMMANDS[sys.argv[1]](*sys.argv[2:])

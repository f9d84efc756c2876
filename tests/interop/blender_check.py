# Run by Blender (`blender -b --factory-startup --python-exit-code 1 --python blender_check.py -- ARGS`):
# imports what `ivid export` wrote and prints what Blender sees as one JSON line, for
# test_export_interop.sh to compare with the exporter's own --json report.
#   glb FILE.glb [RENDER.png]   meshes, vertices, triangles, cameras, bounds, camera matrices
#                               (optionally renders camera_000 with Cycles to RENDER.png)
#   ply FILE.ply                vertices and bounds of the imported point cloud
import json
import sys

import numpy as np

# Blender 3.4's glTF importer still uses np.bool, which Debian 12's numpy 1.24 removed.
if not hasattr(np, "bool"):
    np.bool = bool

import bpy  # noqa: E402


def world_vertices():
    for obj in bpy.context.scene.objects:
        if obj.type == 'MESH':
            for v in obj.data.vertices:
                yield obj.matrix_world @ v.co


def bounds():
    lo, hi = [1e30] * 3, [-1e30] * 3
    for co in world_vertices():
        for a in range(3):
            lo[a], hi[a] = min(lo[a], co[a]), max(hi[a], co[a])
    return {"min": lo, "max": hi}


def check_glb(path, render):
    bpy.ops.import_scene.gltf(filepath=path)
    meshes = [o for o in bpy.context.scene.objects if o.type == 'MESH']
    cameras = sorted((o for o in bpy.context.scene.objects if o.type == 'CAMERA'), key=lambda o: o.name)
    report = {
        "meshes": len(meshes),
        "vertices": sum(len(o.data.vertices) for o in meshes),
        "triangles": sum(len(p.vertices) - 2 for o in meshes for p in o.data.polygons),
        "cameras": len(cameras),
        "camera_names": [o.name for o in cameras],
        "camera_matrices": {o.name: [list(row) for row in o.matrix_world] for o in cameras},
        "camera_fov": {o.name: o.data.angle_y for o in cameras},
        "color_attributes": sum(len(o.data.color_attributes) for o in meshes),
        "bounds": bounds(),
        "animated": [o.name for o in cameras if o.animation_data and o.animation_data.action],
    }
    if render:
        scene = bpy.context.scene
        scene.camera = next(o for o in cameras if o.name.startswith("camera_000"))
        scene.render.engine = 'CYCLES'
        scene.cycles.samples = 16
        scene.cycles.device = 'CPU'
        scene.cycles.use_denoising = False  # Debian's build has no OpenImageDenoise
        scene.render.resolution_x = scene.render.resolution_y = 512
        scene.render.filepath = render
        scene.world = bpy.data.worlds.new("black") if scene.world is None else scene.world
        scene.world.color = (0.0, 0.0, 0.0)
        bpy.ops.render.render(write_still=True)
        report["render"] = render
    return report


def check_ply(path):
    bpy.ops.import_mesh.ply(filepath=path)
    meshes = [o for o in bpy.context.scene.objects if o.type == 'MESH']
    return {"vertices": sum(len(o.data.vertices) for o in meshes), "bounds": bounds()}


def main():
    args = sys.argv[sys.argv.index("--") + 1:]
    bpy.ops.wm.read_factory_settings(use_empty=True)
    kind, path = args[0], args[1]
    report = check_glb(path, args[2] if len(args) > 2 else None) if kind == "glb" else check_ply(path)
    print("IVID-BLENDER " + json.dumps(report))


main()

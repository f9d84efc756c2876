#!/usr/bin/env bash
# CLI tests of `ivid export` and `ivid export-path` / `import-path`, checked by the real readers:
# Khronos glTF-Validator (0 errors, 0 warnings), Blender 3.4 (imports the .glb and the point cloud:
# counts, bounds and view cameras match what the exporter reported), PlayCanvas splat-transform
# (reads the 3DGS .ply and converts it), nerfstudio's schemas (transforms.json, camera_path.json),
# OpenEXR's header. Plus refusals and bad input: every failure exits non-zero naming the file or
# flag, and nothing already on disk is lost.
# Usage: test_export.sh /path/to/ivid   (tools: packaging/install-deps.sh installs them)
set -u
IVID="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
INTEROP="$HERE/../interop"
TOOLS="$HERE/../../packaging/interop/node_modules"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
source "$HERE/cli_helpers.sh"
CHECK="python3 $INTEROP/check_files.py"

for tool in blender node "$TOOLS/.bin/splat-transform"; do
    command -v "$tool" > /dev/null || { echo "FAIL: $tool missing: run packaging/install-deps.sh"; exit 1; }
done
blender_report() {  # KIND FILE -> the JSON Blender printed
    blender -b --factory-startup --python-exit-code 1 --python "$INTEROP/blender_check.py" -- "$@" 2>&1 \
        | sed -n 's/^IVID-BLENDER //p'
}

expect 0 "usage: ivid export" "$IVID" export --help
"$IVID" synth --seed 4 --size 32 --spp 1 --out "$TMP/scene" --quiet || fail "synth failed"
S="$TMP/scene"
OUT="$TMP/out"
mkdir "$OUT"

# glTF: the validator finds nothing; Blender imports what the exporter says it wrote.
"$IVID" export --scene "$S" --format glb --out "$OUT/scene.glb" --traj swing --frames 12 --json > "$TMP/glb.json" \
    || fail "glb export failed: $(cat "$TMP/glb.json")"
NODE_PATH="$TOOLS" node "$INTEROP/validate_gltf.cjs" "$OUT/scene.glb" > "$TMP/validator.json" \
    || fail "glTF-Validator: $(head -c 2000 "$TMP/validator.json")"
blender_report glb "$OUT/scene.glb" > "$TMP/blender_glb.json"
[ -s "$TMP/blender_glb.json" ] || fail "Blender did not import $OUT/scene.glb"
$CHECK glb-vs-blender "$TMP/glb.json" "$TMP/blender_glb.json" "$S" || fail "Blender's import of the .glb differs"
grep -q '"animated": \["trajectory camera"\]' "$TMP/blender_glb.json" || fail "no animated trajectory camera in Blender"
"$IVID" export --scene "$S" --format glb --out "$OUT/merged.glb" --merge --no-cameras --json > "$TMP/merged.json" \
    || fail "merged glb export failed"
grep -q '"meshes": 1' "$TMP/merged.json" || fail "--merge wrote $(grep meshes "$TMP/merged.json")"
NODE_PATH="$TOOLS" node "$INTEROP/validate_gltf.cjs" "$OUT/merged.glb" > /dev/null || fail "glTF-Validator on merged.glb"

# The bundled generated scene (default pack) exports too, with the cuts it was generated with.
DEFAULT_SCENE="$HERE/../../assets/scenes/default"
"$IVID" export --scene "$DEFAULT_SCENE" --format glb --out "$OUT/default.glb" --json > "$TMP/default.json" \
    || fail "export of the bundled generated scene failed: $(cat "$TMP/default.json")"
grep -q '"atol": 0.5' "$TMP/default.json" || fail "the generated scene's recorded meshing was not used"
NODE_PATH="$TOOLS" node "$INTEROP/validate_gltf.cjs" "$OUT/default.glb" > /dev/null || fail "glTF-Validator on default.glb"

# Point cloud: Blender reads every point; --dedup keeps fewer.
"$IVID" export --scene "$S" --format points --out "$OUT/points.ply" --json > "$TMP/points.json" || fail "points export failed"
blender_report ply "$OUT/points.ply" > "$TMP/blender_ply.json"
$CHECK ply-vs-blender "$TMP/points.json" "$TMP/blender_ply.json" || fail "Blender's import of the point cloud differs"
"$IVID" export --scene "$S" --format points --dedup --out "$OUT/dedup.ply" --json > "$TMP/dedup.json" || fail "dedup export failed"
all=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['points'])" "$TMP/points.json")
kept=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['points'])" "$TMP/dedup.json")
[ "$kept" -gt 0 ] && [ "$kept" -lt "$all" ] || fail "--dedup kept $kept of $all points"

# 3DGS: splat-transform reads it (one CSV row per splat) and converts it to its compressed PLY.
"$IVID" export --scene "$S" --format splat --out "$OUT/splats.ply" --json > "$TMP/splat.json" || fail "splat export failed"
splats=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['splats'])" "$TMP/splat.json")
"$TOOLS/.bin/splat-transform" -q "$OUT/splats.ply" "$TMP/splats.csv" > "$TMP/st.log" 2>&1 || fail "splat-transform: $(cat "$TMP/st.log")"
rows=$(($(wc -l < "$TMP/splats.csv") - 1))
[ "$rows" -eq "$splats" ] || fail "splat-transform read $rows splats, the exporter wrote $splats"
head -1 "$TMP/splats.csv" | grep -q "f_dc_0.*f_rest_44,opacity,scale_0,scale_1,scale_2,rot_0" || fail "splat columns: $(head -c 300 "$TMP/splats.csv")"
"$TOOLS/.bin/splat-transform" -q "$OUT/splats.ply" "$TMP/splats.compressed.ply" > "$TMP/st.log" 2>&1 \
    || fail "splat-transform conversion: $(cat "$TMP/st.log")"

# nerfstudio dataset and float depth.
expect 0 "frames 27" "$IVID" export --scene "$S" --format nerfstudio --out "$OUT/ns"
$CHECK nerfstudio "$OUT/ns" "$S" || fail "nerfstudio dataset"
expect 0 "files 54" "$IVID" export --scene "$S" --format depth --out "$OUT/depth"
$CHECK exr-z "$OUT/depth/view_026.exr" || fail "EXR depth"

# Camera paths: keyframes -> camera_path.json -> keyframes -> camera_path.json keeps every keyframe.
cat > "$TMP/keys.json" <<'JSON'
{"format": "ivid-keyframes", "version": 1, "keyframes": [
  {"time": 0, "yaw": -0.3, "pitch": 0, "radius": 1, "target": [0, 0, 0]},
  {"time": 1.5, "yaw": 0.3, "pitch": 0.1, "radius": 0.9, "target": [0.1, 0, 0]},
  {"time": 3, "yaw": 0.5, "pitch": -0.1, "radius": 1.1, "target": [0, 0.05, 0]}]}
JSON
expect 0 "3 keyframes, 91 frames" "$IVID" export-path --keyframes "$TMP/keys.json" --out "$OUT/camera_path.json" --fps 30
$CHECK camera-path "$OUT/camera_path.json" || fail "camera_path.json schema"
expect 0 "3 keyframes over 3 s" "$IVID" import-path --camera-path "$OUT/camera_path.json" --out "$TMP/back.json"
expect 0 "" "$IVID" export-path --keyframes "$TMP/back.json" --out "$TMP/again.json" --quiet
$CHECK same-keyframes "$OUT/camera_path.json" "$TMP/again.json" || fail "camera path round trip"
expect 0 "91 keyframes" "$IVID" import-path --camera-path "$OUT/camera_path.json" --from frames --out "$TMP/dense.json"
if "$IVID" --help | grep -q "^  render "; then  # builds with the fusion renderer: the imported path renders
    expect 0 "" "$IVID" render --scene "$S" --traj "$TMP/back.json" --frames 2 --size 32x32 --out "$TMP/frames/" --quiet
fi

# Refusals: existing outputs stay as they were without --force; bad flags are usage errors (2).
before="$(md5sum < "$OUT/scene.glb")"
expect 1 "scene.glb" "$IVID" export --scene "$S" --format glb --out "$OUT/scene.glb"
[ "$(md5sum < "$OUT/scene.glb")" = "$before" ] || fail "a refused export changed scene.glb"
expect 0 "" "$IVID" export --scene "$S" --format glb --out "$OUT/scene.glb" --force --quiet
expect 1 "ns" "$IVID" export --scene "$S" --format nerfstudio --out "$OUT/ns"
expect 2 "expected \"glb\", \"points\", \"splat\", \"nerfstudio\" or \"depth\"" "$IVID" export --scene "$S" --format obj --out "$OUT/x.obj"
expect 2 "expected FILE.glb" "$IVID" export --scene "$S" --format glb --out "$OUT/x.ply"
expect 2 "expected FILE.ply" "$IVID" export --scene "$S" --format splat --out "$OUT/x.glb"
expect 2 "only --format glb" "$IVID" export --scene "$S" --format points --traj swing --out "$OUT/t.ply"
expect 2 "only for --format points and splat" "$IVID" export --scene "$S" --format glb --dedup --out "$OUT/d.glb"
expect 2 "frames" "$IVID" export --scene "$S" --format glb --traj orbit --frames 0 --out "$OUT/f.glb"
expect 2 "atol" "$IVID" export --scene "$S" --format glb --atol -1 --out "$OUT/a.glb"
expect 1 "$TMP/missing" "$IVID" export --scene "$TMP/missing" --format glb --out "$OUT/m.glb"
echo '{"keyframes": [' > "$TMP/broken.json"
expect 1 "broken.json" "$IVID" import-path --camera-path "$TMP/broken.json" --out "$TMP/k.json"
python3 - "$OUT/camera_path.json" "$TMP/rolled.json" <<'PY'
import json, math, sys
doc = json.load(open(sys.argv[1]))
c, s = math.cos(0.3), math.sin(0.3)
doc["keyframes"][1]["matrix"] = [c, -s, 0, 0, s, c, 0, 0, 0, 0, 1, 2, 0, 0, 0, 1]
json.dump(doc, open(sys.argv[2], "w"))
PY
expect 1 "keyframes\[1\].*no roll" "$IVID" import-path --camera-path "$TMP/rolled.json" --out "$TMP/k.json"
[ -e "$TMP/k.json" ] && fail "a failed import-path wrote $TMP/k.json"
ls -A "$OUT" | grep -q '^\.' && fail "temporary files left in $OUT: $(ls -A "$OUT")"

[ "$failures" -eq 0 ] || exit 1
echo "all export CLI checks passed"

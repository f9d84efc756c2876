#!/usr/bin/env bash
# CLI tests of `ivid eval-views`: the JSON report (every trajectory and mode, finite PSNR/SSIM per
# frame, sane orderings), the saved frames, and usage errors. Needs OpenGL (EGL or a display).
# Usage: test_eval_views.sh /path/to/ivid
set -u
IVID="$1"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
source "$(dirname "$0")/cli_helpers.sh"

expect 0 "usage: ivid eval-views" "$IVID" eval-views --help
out="$("$IVID" eval-views --seeds 3 --size 32 --frames 2 --spp 1 --json --quiet --save-frames "$TMP/frames")" ||
    fail "eval-views failed: $out"
python3 - "$out" <<'PY' || fail "eval-views --json gave: $out"
import json, math, sys
j = json.loads(sys.argv[1])
assert j["seeds"] == [3] and j["size"] == 32 and j["frames"] == 2 and j["spp"] == 1, j
assert j["fusion_settings"]["max_views"] == 6, j  # the default
names = [t["name"] for t in j["trajectories"]]
assert names == ["on-views", "between", "swing", "zoom-in", "beyond"], names
by = {t["name"]: t for t in j["trajectories"]}
for t in j["trajectories"]:
    for mode in ("ivid", "depth-aware"):
        m = t[mode]
        assert len(m["psnr_frames"]) == 2 and len(m["ssim_frames"]) == 2, t
        assert all(math.isfinite(p) and 5 < p < 80 for p in m["psnr_frames"]), t
        assert all(-1 <= s <= 1 for s in m["ssim_frames"]), t
        assert abs(m["psnr"] - sum(m["psnr_frames"]) / 2) < 1e-9, t
# Ground truth at the right poses: on the generated poses both modes resemble the truth (about
# 24 dB at 32x32 with 1 sample per pixel, the jitter noise of truth and views; against the truth
# of the other on-view pose, 1.2 rad away, a frame scores 16.7 dB) and better than beyond the viewset, where the views leave holes.
for mode in ("ivid", "depth-aware"):
    assert by["on-views"][mode]["psnr"] > 20, by["on-views"]
    assert by["on-views"][mode]["psnr"] > by["beyond"][mode]["psnr"], (by["on-views"], by["beyond"])
    assert by["on-views"][mode]["ssim"] > by["beyond"][mode]["ssim"], (by["on-views"], by["beyond"])
PY
[ "$(ls "$TMP/frames" | wc -l)" = 30 ] || fail "expected 30 saved frames (5 trajectories x 2 poses x 3), found $(ls "$TMP/frames" | wc -l)"
[ -f "$TMP/frames/seed3_beyond_01_depth-aware.png" ] || fail "frame names: $(ls "$TMP/frames" | head -3)"
expect 0 "| on-views |" "$IVID" eval-views --seeds 3 --size 16 --frames 1 --spp 1 --quiet
expect 0 "depth-aware max views 0" "$IVID" eval-views --seeds 3 --size 16 --frames 1 --spp 1 --quiet --max-views 0

expect 2 "--seeds: expected seeds and ranges like 0-3,7 (at most 1000 seeds), found '4-1'" "$IVID" eval-views --seeds 4-1
expect 2 "--seeds: expected seeds and ranges like 0-3,7 (at most 1000 seeds), found 'x'" "$IVID" eval-views --seeds x
expect 2 "--size: expected one number 16..1024" "$IVID" eval-views --size 8
expect 2 "--size: expected one number 16..1024" "$IVID" eval-views --size 64x32
expect 2 "--frames: expected 1..1000" "$IVID" eval-views --frames 0
expect 2 "--frame-size: expected one number 16..2048" "$IVID" eval-views --frame-size 8
expect 2 "--max-detail: expected a number, found 'x'" "$IVID" eval-views --max-detail x
# Frames larger than the views: 32² views fused into 64² frames, scored against 64² truth;
# with --max-detail 1 they are rendered at 32² and upscaled, and score as a frame does.
out="$("$IVID" eval-views --seeds 3 --size 32 --frame-size 64 --frames 1 --spp 1 --json --quiet --max-detail 1 \
    --save-frames "$TMP/big")" || fail "eval-views --frame-size failed: $out"
python3 - "$out" "$TMP/big" <<'PY' || fail "eval-views --frame-size gave: $out"
import json, os, subprocess, sys
j = json.loads(sys.argv[1])
assert j["size"] == 32 and j["frame_size"] == 64 and j["fusion_settings"]["max_detail"] == 1, j
for t in j["trajectories"]:
    for mode in ("ivid", "depth-aware"):
        assert 10 < t[mode]["psnr"] < 60, t
png = sorted(f for f in os.listdir(sys.argv[2]) if f.endswith("_truth.png"))[0]
size = subprocess.run(["ffprobe", "-v", "error", "-show_entries", "stream=width,height", "-of", "csv=p=0",
                       os.path.join(sys.argv[2], png)], capture_output=True, text=True).stdout.strip()
assert size == "64,64", size
PY
expect 2 "supersampling" "$IVID" eval-views --ssaa 7
expect 2 "max_views: expected >= 0" "$IVID" eval-views --max-views -2
# --settings: the View panel look of a studio settings file; flags given replace its values.
echo '{"format": "ivid-studio-settings", "version": 1, "render": {"max_views": 3, "mesh_lod": 2}}' > "$TMP/look.json"
expect 0 "depth-aware max views 3" "$IVID" eval-views --seeds 3 --size 16 --frames 1 --spp 1 --quiet --settings "$TMP/look.json"
expect 0 '"mesh_lod": 2' "$IVID" eval-views --seeds 3 --size 16 --frames 1 --spp 1 --quiet --settings "$TMP/look.json" --json
expect 0 "depth-aware max views 5" "$IVID" eval-views --seeds 3 --size 16 --frames 1 --spp 1 --quiet --settings "$TMP/look.json" \
    --max-views 5
expect 1 "nope.json" "$IVID" eval-views --seeds 3 --size 16 --frames 1 --settings "$TMP/nope.json"

# --automation: an evaluation file of settings variants x trajectories replaces the bundled one.
cat > "$TMP/path.json" <<'JSON'
{"format": "ivid-keyframes", "version": 1, "keyframes": [{"time": 0, "yaw": -0.3, "pitch": 0, "radius": 1, "target": [0, 0, 0]},
                                                         {"time": 1, "yaw": 0.3, "pitch": 0.1, "radius": 1, "target": [0, 0, 0]}]}
JSON
cat > "$TMP/auto.json" <<'JSON'
{"format": "ivid-eval-automation", "version": 1, "frames": 3,
 "variants": [{"name": "full", "settings": {"max_views": 0}}, {"name": "coarse", "settings": {"mesh_lod": 4}},
              {"name": "ivid-look", "settings": {"blend_mode": "ivid", "background": [1, 0, 0]}}],
 "trajectories": [{"name": "front", "poses": [{"yaw": 0, "pitch": 0}, {"yaw": 0.15, "pitch": 0.15, "radius": 1}]},
                  {"name": "path", "description": "keyframes relative to this file", "keyframes": "path.json"},
                  {"name": "wide", "ellipse": {"yaw": 0.3, "pitch": 0.05, "radius": 0.9}}]}
JSON
out="$("$IVID" eval-views --seeds 3 --size 16 --spp 1 --json --quiet --automation "$TMP/auto.json" \
    --save-frames "$TMP/auto-frames")" || fail "eval-views --automation failed: $out"
python3 - "$out" <<'PY' || fail "eval-views --automation --json gave: $out"
import json, sys
j = json.loads(sys.argv[1])
assert j["frames"] == 3, j  # the file's, no --frames given
assert [v["name"] for v in j["variants"]] == ["full", "coarse", "ivid-look"], j["variants"]
assert [t["name"] for t in j["trajectories"]] == ["front", "path", "wide"], j["trajectories"]
counts = {t["name"]: len(t["full"]["psnr_frames"]) for t in j["trajectories"]}
assert counts == {"front": 2, "path": 3, "wide": 3}, counts  # listed poses keep their count
front = j["trajectories"][0]
# On the front view (a pose of the viewset) the full-detail depth-aware frame shows that view:
# it beats the coarse mesh and IVID's blend.
assert front["full"]["psnr_frames"][0] > front["coarse"]["psnr_frames"][0], front
PY
[ "$(ls "$TMP/auto-frames" | wc -l)" = 32 ] || fail "expected 32 frames (8 poses x (truth + 3 variants)), found $(ls "$TMP/auto-frames" | wc -l)"
[ -f "$TMP/auto-frames/seed3_path_02_ivid-look.png" ] || fail "automation frame names: $(ls "$TMP/auto-frames" | head -3)"
expect 0 "| trajectory | poses | PSNR full | PSNR coarse | PSNR ivid-look | SSIM full |" \
    "$IVID" eval-views --seeds 3 --size 16 --spp 1 --quiet --automation "$TMP/auto.json" --frames 1
# Bad evaluation files: an error naming the file and the key, exit 1, before any rendering.
bad() {  # bad NAME JSON EXPECTED
    printf '%s' "$2" > "$TMP/$1.json"
    expect 1 "$3" "$IVID" eval-views --seeds 3 --size 16 --spp 1 --quiet --automation "$TMP/$1.json"
}
V='"variants": [{"name": "a", "settings": {}}]'
T='"trajectories": [{"name": "t", "poses": [{"yaw": 0, "pitch": 0}]}]'
H='"format": "ivid-eval-automation", "version": 1'
bad format '{"format": "ivid-keyframes", "version": 1, '"$V, $T"'}' 'format.json: format: expected "ivid-eval-automation"'
bad version '{"format": "ivid-eval-automation", "version": 2, '"$V, $T"'}' "version.json: version: expected 1"
bad unknown '{'"$H, $V, $T"', "frame": 3}' "unknown.json"
bad novariants '{'"$H"', "variants": [], '"$T"'}' "novariants.json: variants: expected 1..64 entries"
bad dupname '{'"$H"', "variants": [{"name": "a", "settings": {}}, {"name": "a", "settings": {}}], '"$T"'}' \
    'dupname.json: variants\[1\].name: expected a name not used before, found "a" again'
bad setting '{'"$H"', "variants": [{"name": "a", "settings": {"mesh_lod": 3}}], '"$T"'}' 'setting.json: variants\[0\].settings: fusion settings: mesh_lod: expected 1, 2 or 4, found 3'
bad twogen '{'"$H, $V"', "trajectories": [{"name": "t", "poses": [], "ellipse": {"yaw": 1, "pitch": 0}}]}' \
    "twogen.json: trajectories\\[0\\]: expected one of sweep, ellipse, poses, keyframes, found more than one"
bad nogen '{'"$H, $V"', "trajectories": [{"name": "t"}]}' "nogen.json: trajectories\\[0\\]: expected one of sweep"
bad pitch '{'"$H, $V"', "trajectories": [{"name": "t", "sweep": {"yaw": [0, 1], "pitch": [2]}}]}' "|pitch| <= 1.5 rad"
bad radius '{'"$H, $V"', "trajectories": [{"name": "t", "ellipse": {"yaw": 1, "pitch": 0, "radius": 0}}]}' "a radius in (0, 100]"
bad keys '{'"$H, $V"', "trajectories": [{"name": "t", "keyframes": "missing.json"}]}' "missing.json"
bad frames '{'"$H"', "frames": 0, '"$V, $T"'}' "frames.json: frames: expected 1..1000"
bad syntax '{"format": ' "syntax.json"
expect 1 "nope-auto.json" "$IVID" eval-views --automation "$TMP/nope-auto.json"

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "all eval-views CLI checks passed"

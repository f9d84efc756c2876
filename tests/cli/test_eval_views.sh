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
assert j["fusion_settings"]["max_views"] == 8, j  # the default
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
expect 2 "supersampling" "$IVID" eval-views --ssaa 7
expect 2 "max_views: expected >= 0" "$IVID" eval-views --max-views -2
# --settings: the View panel look of a studio settings file; flags given replace its values.
echo '{"format": "ivid-studio-settings", "version": 1, "render": {"max_views": 3, "mesh_lod": 2}}' > "$TMP/look.json"
expect 0 "depth-aware max views 3" "$IVID" eval-views --seeds 3 --size 16 --frames 1 --spp 1 --quiet --settings "$TMP/look.json"
expect 0 '"mesh_lod": 2' "$IVID" eval-views --seeds 3 --size 16 --frames 1 --spp 1 --quiet --settings "$TMP/look.json" --json
expect 0 "depth-aware max views 5" "$IVID" eval-views --seeds 3 --size 16 --frames 1 --spp 1 --quiet --settings "$TMP/look.json" \
    --max-views 5
expect 1 "nope.json" "$IVID" eval-views --seeds 3 --size 16 --frames 1 --settings "$TMP/nope.json"

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "all eval-views CLI checks passed"

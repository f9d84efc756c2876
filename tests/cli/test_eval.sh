#!/usr/bin/env bash
# CLI tests of `ivid pack` and `ivid eval`: a tiny pack made from two runs trained for one step
# (and one with a super-resolution run)
# (its numbers mean nothing; the test checks the pack, the report's shape, the figures and the
# refusals).
# Usage: test_eval.sh /path/to/ivid
set -u
IVID="$1"
TMP="$(mktemp -d)"
FIX="$(cd "$(dirname "$0")/../fixtures" && pwd)"
trap 'rm -rf "$TMP"' EXIT
source "$(dirname "$0")/cli_helpers.sh"

expect 0 "usage: ivid eval" "$IVID" eval --help
expect 2 "--seeds" "$IVID" eval --models "$TMP"
expect 1 "pack.json" "$IVID" eval --models "$TMP/none" --seeds 0-1

"$IVID" synth-dataset --count 4 --size 32 --seed-range 900-903 --spp 1 --out "$TMP/data" --quiet || fail "synth-dataset"
for m in uncond cond; do
    "$IVID" train $m --data "$TMP/data" --config "$FIX/train/tiny_$m.json" --out "$TMP/run-$m" --steps 1 --threads 1 --quiet \
        || fail "train $m"
done
expect 0 "usage: ivid pack" "$IVID" pack --help
expect 1 "trains a \"cond\" model" "$IVID" pack --uncond "$TMP/run-cond" --cond "$TMP/run-uncond" --out "$TMP/bad"
expect 1 "latest.json" "$IVID" pack --uncond "$TMP/data" --cond "$TMP/run-cond" --out "$TMP/bad"
expect 2 "expected on or off" "$IVID" pack --uncond "$TMP/run-uncond" --cond "$TMP/run-cond" --out "$TMP/bad" --clip yes
[ -e "$TMP/bad" ] && fail "a refused pack left a folder"
expect 0 "wrote model pack" "$IVID" pack --uncond "$TMP/run-uncond" --cond "$TMP/run-cond" --out "$TMP/pack" --name tiny \
    --sampler-uncond ddim --steps-uncond 2 --sampler-cond ddim --steps-cond 2 --atol 0.1 --rtol 0.1 --erode-rgb 2 --eta 1 --replace-rgb 1
expect 1 "already exists" "$IVID" pack --uncond "$TMP/run-uncond" --cond "$TMP/run-cond" --out "$TMP/pack"
python3 - "$TMP/pack/pack.json" <<'PY' || fail "pack.json content"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["version"] == 1 and p["name"] == "tiny", p
assert p["defaults"]["conditional"]["steps"] == 2 and p["defaults"]["conditional"]["sampler"] == "ddim", p
assert p["defaults"]["unconditional"]["clip_denoised"] is True, p  # ivid pack suggests clipping
assert p["defaults"]["conditional"]["eta"] == 1.0, p
assert p["defaults"]["corrections"] == {"replace_rgb": 1.0, "replace_depth": 0.2, "constrain_depth": 0.5}, p
assert p["defaults"]["aggregation"] == {"atol": 0.1, "rtol": 0.1, "erode_rgb": 2}, p
t = p["training"]["conditional"]
assert t["step"] == 1 and t["images_seen"] == 4 and t["checkpoint"] == "ema_0.999_step0000001.pt", t
PY
cmp -s "$TMP/pack/cond.pt" "$TMP/run-cond/ckpts/ema_0.999_step0000001.pt" || fail "pack holds another checkpoint"

# A pack with a super-resolution run: its model must upsample the base models' 32x32 views.
"$IVID" train sr --data "$TMP/data" --config "$FIX/train/tiny_sr.json" --out "$TMP/run-sr16" --steps 1 --threads 1 --quiet \
    || fail "train sr (16 -> 32)"
expect 1 "integer multiple of the scene's 32x32 views" "$IVID" pack --uncond "$TMP/run-uncond" --cond "$TMP/run-cond" \
    --sr "$TMP/run-sr16" --out "$TMP/bad"
expect 1 "trains a \"cond\" model, expected a \"sr\" run" "$IVID" pack --uncond "$TMP/run-uncond" --cond "$TMP/run-cond" \
    --sr "$TMP/run-cond" --out "$TMP/bad"
[ -e "$TMP/bad" ] && fail "a refused pack left a folder"
python3 - "$FIX/train/tiny_sr.json" "$TMP/sr64.json" <<'PY' || fail "sr64 config"
import json, sys
c = json.load(open(sys.argv[1]))
c["backbone"]["args"]["image_size"] = 64
c["dataset"]["args"]["image_size"], c["dataset"]["args"]["image_size_lr"] = 64, 32
json.dump(c, open(sys.argv[2], "w"))
PY
"$IVID" synth-dataset --count 2 --size 64 --seed-range 900-901 --spp 1 --out "$TMP/data64" --quiet || fail "synth-dataset 64"
"$IVID" train sr --data "$TMP/data64" --config "$TMP/sr64.json" --out "$TMP/run-sr" --steps 1 --threads 1 --quiet || fail "train sr"
expect 0 "wrote model pack" "$IVID" pack --uncond "$TMP/run-uncond" --cond "$TMP/run-cond" --sr "$TMP/run-sr" --out "$TMP/pack-sr" \
    --steps-sr 6 --strength-sr 0.15 --back-projection-sr 1
python3 - "$TMP/pack-sr/pack.json" <<'PY' || fail "pack.json of the SR pack"
import json, sys
p = json.load(open(sys.argv[1]))
assert p["super_resolution"] == {"config": "sr.json", "checkpoint": "sr.pt"}, p
sr = p["defaults"]["super_resolution"]
assert sr["steps"] == 6 and sr["start_strength"] == 0.15 and sr["back_projection"] == 1.0 and sr["clip_denoised"] is True, sr
assert p["training"]["super_resolution"]["step"] == 1, p
PY
cmp -s "$TMP/pack-sr/sr.pt" "$TMP/run-sr/ckpts/ema_0.999_step0000001.pt" || fail "the SR pack holds another checkpoint"

"$IVID" eval --models "$TMP/pack" --seeds 5-5 --spp 1 --no-scenes --json --cond-grid "$TMP/cond.png" > "$TMP/report.json" \
    || fail "eval --json failed"
python3 - "$TMP/report.json" <<'PY' || fail "eval --json lacks a field"
import json, math, sys
r = json.load(open(sys.argv[1]))
for path in ["model.disoccluded.psnr", "model.disoccluded.ssim", "model.disoccluded.depth_absrel",
             "baseline.disoccluded.psnr", "baseline.disoccluded.ssim", "baseline.disoccluded.depth_absrel",
             "model.visible.psnr", "model.overall.psnr", "baseline.overall.psnr", "scenes"]:
    v = r
    for key in path.split("."):
        v = v[key]
    assert isinstance(v, (int, float)), (path, v)
assert r["scenes"] == 1 and r["conditional_views"] + r["views_without_condition"] == 26, r
assert "consistency" not in r, "--no-scenes still generated scenes"
assert 0 < r["baseline"]["overall"]["depth_absrel"] < 1, r
PY
[ -s "$TMP/cond.png" ] || fail "--cond-grid wrote nothing"

# Whole scenes add the consistency block (and the unconditional grid).
"$IVID" eval --models "$TMP/pack" --seeds 6-6 --spp 1 --json --grid "$TMP/grid.png" --steps-cond 1 --steps-uncond 1 \
    > "$TMP/full.json" || fail "eval with scenes failed"
python3 - "$TMP/full.json" <<'PY' || fail "consistency fields"
import json, sys
c = json.load(open(sys.argv[1]))["consistency"]
assert isinstance(c["reproj_depth_absrel"], float) and isinstance(c["reproj_psnr"], float), c
assert c["viewset"] == "3x9" and len(c["per_pair"]) > 0 and {"source", "target", "depth_absrel", "psnr"} <= set(c["per_pair"][0]), c
g = c["ground_truth"]
assert g["reproj_depth_absrel"] < 0.05, g   # true scenes reproject onto each other
PY
[ -s "$TMP/grid.png" ] || fail "--grid wrote nothing"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all eval CLI checks passed"

#!/usr/bin/env bash
# CLI tests of `ivid upscale` (and `ivid generate`'s SR options) with IVID's SR fixture model
# (random weights, 16 -> 32): the written scene, --json, usage errors, bad models and scenes,
# Ctrl-C, and that the input scene is never touched.
# Usage: test_upscale.sh /path/to/ivid
set -u
IVID="$1"
TMP="$(mktemp -d)"
SR="$(cd "$(dirname "$0")/../fixtures/ivid-sr/models" && pwd)"
TORCH="$(cd "$(dirname "$0")/../fixtures/ivid-torch/models" && pwd)"
trap 'rm -rf "$TMP"' EXIT
source "$(dirname "$0")/cli_helpers.sh"
MODEL=(--sr-config "$SR/sr_rgbd.json" --sr-ckpt "$SR/sr_rgbd.pt")
FAST=(--steps-sr 2 --threads 1)

expect 0 "usage: ivid upscale" "$IVID" upscale --help
expect 2 "--scene" "$IVID" upscale --out "$TMP/x"
expect 2 "--sr-config and --sr-ckpt go together" "$IVID" upscale --scene x --out "$TMP/x" --sr-config "$SR/sr_rgbd.json"
expect 2 "--sr-mode: expected \"independent\" or \"consistent\", found \"sharp\"" "$IVID" upscale --scene x --out "$TMP/x" "${MODEL[@]}" --sr-mode sharp
expect 2 "--sr-batch" "$IVID" upscale --scene x --out "$TMP/x" "${MODEL[@]}" --sr-batch 0

"$IVID" synth --seed 3 --viewset random --count 3 --size 16 --out "$TMP/base" --quiet || fail "synth 16"
"$IVID" synth --seed 3 --viewset random --count 3 --size 12 --out "$TMP/twelve" --quiet || fail "synth 12"
before="$(cd "$TMP/base" && find . -type f -exec sha256sum {} + | sort)"

out="$("$IVID" upscale --scene "$TMP/base" --out "$TMP/up" "${MODEL[@]}" "${FAST[@]}" --json)" || fail "upscale: $out"
echo "$out" | grep -q '"image_size": 32' || fail "upscale --json: $out"
echo "$out" | grep -q '"base_image_size": 16' || fail "upscale --json: $out"
info="$("$IVID" info "$TMP/up" --json)"
echo "$info" | grep -q '"base_image_size": 16' || fail "info --json of the upsampled scene: $info"
echo "$info" | grep -q '"role": "super_resolution"' || fail "no SR model in the provenance: $info"
[ -f "$TMP/up/views/002_base_color.png" ] || fail "the base views were not kept"
after="$(cd "$TMP/base" && find . -type f -exec sha256sum {} + | sort)"
[ "$before" = "$after" ] || fail "upscale changed its input scene"

expect 2 "back-projection-sr" "$IVID" upscale --scene "$TMP/base" --out "$TMP/x" "${MODEL[@]}" --back-projection-sr 1.5
out="$("$IVID" upscale --scene "$TMP/base" --out "$TMP/bp" "${MODEL[@]}" "${FAST[@]}" --back-projection-sr 1 --json)" || fail "upscale --back-projection-sr 1: $out"
"$IVID" info "$TMP/bp" --json | grep -q '"back_projection": 1' || fail "the back-projection weight is not in the provenance"

expect 1 "already holds\|exists" "$IVID" upscale --scene "$TMP/base" --out "$TMP/up" "${MODEL[@]}" "${FAST[@]}"
expect 0 "upsampled 16x16 -> 32x32 (consistent)" "$IVID" upscale --scene "$TMP/base" --out "$TMP/up" "${MODEL[@]}" "${FAST[@]}" \
    --sr-mode consistent --force
expect 1 "already upsampled from 16x16" "$IVID" upscale --scene "$TMP/up" --out "$TMP/up2" "${MODEL[@]}" "${FAST[@]}"
expect 1 "same file as --scene" "$IVID" upscale --scene "$TMP/base" --out "$TMP/base" "${MODEL[@]}" "${FAST[@]}"
expect 1 "integer multiple of the scene's 12x12 views" "$IVID" upscale --scene "$TMP/twelve" --out "$TMP/x" "${MODEL[@]}" "${FAST[@]}"
expect 1 "\"SuperResCFG\" (the super-resolution model)" "$IVID" upscale --scene "$TMP/base" --out "$TMP/x" \
    --sr-config "$TORCH/uncond_rgbd.json" --sr-ckpt "$TORCH/uncond_rgbd.pt"
expect 1 "no-such.pt" "$IVID" upscale --scene "$TMP/base" --out "$TMP/x" --sr-config "$SR/sr_rgbd.json" --sr-ckpt "$TMP/no-such.pt"
expect 1 "no-such-scene" "$IVID" upscale --scene "$TMP/no-such-scene" --out "$TMP/x" "${MODEL[@]}"
expect 1 "steps: expected 1..1000" "$IVID" upscale --scene "$TMP/base" --out "$TMP/x" "${MODEL[@]}" --steps-sr 5000
# A model trained on the first 30 % of the diffusion steps only (not an IVID key) is refused from
# pure noise, naming the key and the strength to use, and runs part-way.
python3 - "$SR/sr_rgbd.json" "$TMP/sr_part.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c.setdefault("trainer", {}).setdefault("args", {})["max_timestep_fraction"] = 0.3
json.dump(c, open(sys.argv[2], "w"))
PY
PART=(--sr-config "$TMP/sr_part.json" --sr-ckpt "$SR/sr_rgbd.pt")
expect 1 "trainer.args.max_timestep_fraction 0.3: the model was trained on diffusion steps below 300 of 1000 only, so it cannot start at strength 1; start part-way at a strength of at most 0.3" \
    "$IVID" upscale --scene "$TMP/base" --out "$TMP/x" "${PART[@]}" "${FAST[@]}"
expect 1 "cannot start at strength 0.5" "$IVID" eval --stage sr --seeds 0-0 --uncond-config "$TORCH/uncond_rgbd.json" \
    --uncond-ckpt "$TORCH/uncond_rgbd.pt" --cond-config "$TORCH/cond_rgbd.json" --cond-ckpt "$TORCH/cond_rgbd.pt" \
    "${PART[@]}" --strength-sr 0.5 --no-scenes
expect 0 "upsampled 16x16 -> 32x32" "$IVID" upscale --scene "$TMP/base" --out "$TMP/part" "${PART[@]}" "${FAST[@]}" --strength-sr 0.3
[ -e "$TMP/x" ] && fail "a failed upscale left $TMP/x behind"

# Ctrl-C: cancelled within a step, exit code 130, nothing written.
expect_ctrl_c "nothing was written" "$TMP/int" "$IVID" upscale --scene "$TMP/base" --out "$TMP/int" "${MODEL[@]}" --steps-sr 1000 \
    --threads 1 --quiet

# generate: --sr on without an SR model, and the SR options on the fixture pair (32 -> 64 needs a
# 64 model: the 32 fixture SR model does not fit and is refused before any sampling).
GEN=(--uncond-config "$TORCH/uncond_rgbd.json" --uncond-ckpt "$TORCH/uncond_rgbd.pt"
     --cond-config "$TORCH/cond_rgbd.json" --cond-ckpt "$TORCH/cond_rgbd.pt" --viewset ring:3 --steps-uncond 2 --steps-cond 2)
expect 2 "the model pack has no super-resolution model" "$IVID" generate "${GEN[@]}" --sr on --out "$TMP/g"
expect 1 "integer multiple of the scene's 32x32 views" "$IVID" generate "${GEN[@]}" "${MODEL[@]}" --out "$TMP/g"
expect 1 "cannot start at strength 1;" "$IVID" generate "${GEN[@]}" "${PART[@]}" --out "$TMP/g"
[ -e "$TMP/g" ] && fail "a refused generate left $TMP/g behind"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all upscale CLI checks passed"

#!/usr/bin/env bash
# CLI tests of `ivid generate` on the fixture models (32 x 32, random weights, 2-3 steps): one and
# several seeds, JSON summary, and clear refusals of bad models, classes, viewsets and outputs,
# Ctrl-C, and a full disk while saving (a tiny tmpfs).
# Usage: test_generate.sh /path/to/ivid   (built with the LibTorch engine)
set -u
IVID="$1"
FIX="$(cd "$(dirname "$0")/../fixtures" && pwd)"
ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
source "$(dirname "$0")/cli_helpers.sh"
TMP="$(mktemp -d)"
trap 'mountpoint -q "$TMP/small" && umount "$TMP/small"; rm -rf "$TMP"' EXIT

M="$FIX/ivid-torch/models"
MODELS=(--uncond-config "$M/uncond_rgbd.json" --uncond-ckpt "$M/uncond_rgbd.pt" --cond-config "$M/cond_rgbd.json" --cond-ckpt "$M/cond_rgbd.pt")
FAST=(--steps-uncond 2 --steps-cond 2 --sampler ddim --threads 1 --quiet)

expect 0 "--viewset" "$IVID" generate --help
expect 0 "" "$IVID" generate "${MODELS[@]}" "${FAST[@]}" --viewset ring:3 --classes goldfish --out "$TMP/one"
expect 0 "class        1" "$IVID" info "$TMP/one"
expect 0 "views        3 (2 with condition buffers)" "$IVID" info "$TMP/one"
# The human-readable summary reads as lines of a summary, not raw JSON (--json keeps everything).
expect 0 "sampler      conditional      .*sampler ddim, steps 2" "$IVID" info "$TMP/one"
expect 0 "             model_files      " "$IVID" info "$TMP/one"
expect 0 "details      aggregation      atol 0.03" "$IVID" info "$TMP/one"
expect 0 "             timings          3 entries" "$IVID" info "$TMP/one"
long="$("$IVID" info "$TMP/one" | awk 'length > 150')"
[ -z "$long" ] || fail "info prints lines over 150 characters: $long"

out="$("$IVID" generate "${MODELS[@]}" "${FAST[@]}" --viewset random --seeds 3-4,9 --batch 2 --atol 0.2 --replace-depth 0.7 --json --out "$TMP/many")"
python3 - "$out" "$TMP/many" <<'PY' || fail "generate --json gave: $out"
import json, os, sys
j = json.loads(sys.argv[1])
assert j["views"] == 2 and [s["seed"] for s in j["scenes"]] == [3, 4, 9]
assert [s["class"] for s in j["scenes"]] == [3, 4, 9]  # IVID's mod: seed % 10
assert sorted(os.listdir(sys.argv[2])) == ["seed3", "seed4", "seed9"]
assert j["sample_s"] > 0 and j["aggregate_s"] > 0
scene = json.load(open(os.path.join(sys.argv[2], "seed9", "scene.json")))
p = scene["provenance"]
assert p["seed"] == 9 and p["extra"]["viewset"] == "random" and len(p["extra"]["timings"]) == 2
assert p["extra"]["aggregation"]["atol"] == 0.2 and p["extra"]["aggregation"]["rtol"] == 0.03, p["extra"]
assert p["extra"]["corrections"] == {"replace_rgb": 0.1, "replace_depth": 0.7, "constrain_depth": 0.5}, p["extra"]
assert [m["role"] for m in p["models"]] == ["unconditional", "conditional"] and len(p["models"][0]["sha256"]) == 64
PY

# Bad input: nothing may be left behind.
expect 1 "already exists\|exists" "$IVID" generate "${MODELS[@]}" "${FAST[@]}" --viewset ring:2 --out "$TMP/one"
expect 0 "" "$IVID" generate "${MODELS[@]}" "${FAST[@]}" --viewset ring:2 --force --out "$TMP/one"
expect 0 "views        2" "$IVID" info "$TMP/one"
expect 1 "0..9 (the model has 10 classes)" "$IVID" generate "${MODELS[@]}" "${FAST[@]}" --classes 12 --out "$TMP/bad"
expect 1 "2 candidates" "$IVID" generate "${MODELS[@]}" "${FAST[@]}" --classes crane --out "$TMP/bad"
expect 1 "|pitch| <= 80 degrees" bash -c "echo '[{\"yaw\": 0, \"pitch\": 0}, {\"yaw\": 10, \"pitch\": 89}]' > '$TMP/v.json' && '$IVID' generate ${MODELS[*]} ${FAST[*]} --viewset '$TMP/v.json' --out '$TMP/bad'"
expect 1 "N a whole number from 1 to 360" "$IVID" generate "${MODELS[@]}" "${FAST[@]}" --viewset ring:0 --out "$TMP/bad"
expect 1 "4 and 4 (an unconditional RGBD model)" "$IVID" generate --uncond-config "$M/cond_rgbd.json" --uncond-ckpt "$M/cond_rgbd.pt" --cond-config "$M/cond_rgbd.json" --cond-ckpt "$M/cond_rgbd.pt" "${FAST[@]}" --out "$TMP/bad"
expect 1 "missing.pt: no such model checkpoint" "$IVID" generate "${MODELS[@]:0:6}" --cond-ckpt "$TMP/missing.pt" "${FAST[@]}" --out "$TMP/bad"
expect 2 "go together" "$IVID" generate --uncond-config "$M/uncond_rgbd.json" "${FAST[@]}" --out "$TMP/bad"
expect 2 "expected seeds and ranges" "$IVID" generate "${MODELS[@]}" "${FAST[@]}" --seeds 3-x --out "$TMP/bad"
expect 2 "expected on or off" "$IVID" generate "${MODELS[@]}" "${FAST[@]}" --clip 1 --out "$TMP/bad"
expect 2 "--atol: expected a number from 0" "$IVID" generate "${MODELS[@]}" "${FAST[@]}" --atol -0.5 --out "$TMP/bad"
expect 2 "generate: --steps-cond: expected 1..1000000, found 0" "$IVID" generate "${MODELS[@]}" "${FAST[@]}" --steps-cond 0 --out "$TMP/bad"
expect 1 "conditional sampler: steps: expected 1..1000 (the model's timesteps), found 2000" "$IVID" generate "${MODELS[@]}" \
    "${FAST[@]}" --steps-cond 2000 --out "$TMP/bad"
if [ ! -e "$ROOT/assets/models/default/pack.json" ]; then
    expect 1 "assets/models/default/pack.json was not found" "$IVID" generate "${FAST[@]}" --out "$TMP/bad"
fi
# Ctrl-C: the job is cancelled within a step, exit code 130, nothing written.
expect_ctrl_c "cancelled" "$TMP/int" "$IVID" generate "${MODELS[@]}" --steps-uncond 2 --steps-cond 200 --sampler ddim --threads 1 --quiet \
    --out "$TMP/int"
# A full disk while saving: a clear error, and nothing half-written on that disk.
mkdir -p "$TMP/small"
if mount -t tmpfs -o size=12k tmpfs "$TMP/small" 2>/dev/null; then
    expect 1 "small/.*No space left on device" "$IVID" generate "${MODELS[@]}" "${FAST[@]}" --viewset ring:3 --out "$TMP/small/scene"
    [ -z "$(ls -A "$TMP/small")" ] || fail "a full disk kept a partial scene: $(ls -A "$TMP/small")"
    umount "$TMP/small"
else
    fail "cannot mount a tmpfs for the full-disk case (needs root)"
fi
rmdir "$TMP/small"
[ -e "$TMP/bad" ] && fail "a failed run left $TMP/bad behind"
ls -A "$TMP" | grep -q '^\.' && fail "a temporary folder was left in $TMP: $(ls -A "$TMP")"

[ "$failures" -eq 0 ] && echo "all generate CLI tests passed"
exit "$failures"

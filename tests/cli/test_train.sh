#!/usr/bin/env bash
# CLI tests of `ivid train`: help and usage errors, a short run with --json, Ctrl-C (checkpoint,
# exit 130, resumable), refusals, and a genuinely full disk while checkpointing (a tiny tmpfs).
# Usage: test_train.sh /path/to/ivid
set -u
IVID="$1"
TMP="$(mktemp -d)"
FIX="$(cd "$(dirname "$0")/../fixtures/train" && pwd)"
cleanup() { mountpoint -q "$TMP/small" && umount "$TMP/small"; rm -rf "$TMP"; }
trap cleanup EXIT
source "$(dirname "$0")/cli_helpers.sh"

expect 0 "usage: ivid train" "$IVID" train --help
expect 0 "--resume" "$IVID" train --help
expect 2 "\"uncond\", \"cond\" or \"sr\"" "$IVID" train sideways --data x --config x --out x
expect 2 "--data" "$IVID" train uncond --config x --out x
expect 2 "--steps: expected >= 1" "$IVID" train uncond --data x --config "$FIX/tiny_uncond.json" --out x --steps 0

"$IVID" synth-dataset --count 6 --size 32 --seed-range 7-12 --spp 1 --out "$TMP/data" --quiet || fail "synth-dataset"
expect 1 "no-such-folder" "$IVID" train uncond --data "$TMP/no-such-folder" --config "$FIX/tiny_uncond.json" --out "$TMP/r0"
expect 1 "InpaintCFG" "$IVID" train cond --data "$TMP/data" --config "$FIX/tiny_uncond.json" --out "$TMP/r0"

# A short run; --json reports where it stopped.
out="$("$IVID" train uncond --data "$TMP/data" --config "$FIX/tiny_uncond.json" --out "$TMP/run" --steps 2 --threads 1 --json)"
echo "$out" | grep -q '"last_step": 2' || fail "--steps 2 did not stop at step 2: $out"
echo "$out" | grep -q '"finished": false' || fail "run reported finished: $out"
[ -f "$TMP/run/ckpts/model_step0000002.pt" ] || fail "no checkpoint at the stop"
expect 1 "already holds a training run" "$IVID" train uncond --data "$TMP/data" --config "$FIX/tiny_uncond.json" --out "$TMP/run"
expect 0 "finished at step 6 of 6" "$IVID" train uncond --data "$TMP/data" --config "$FIX/tiny_uncond.json" --out "$TMP/run" --resume

# Ctrl-C: the run writes a checkpoint at the step it reached, exits 130, and resumes from there.
python3 - "$FIX/tiny_uncond.json" "$TMP/long.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); c["trainer"]["args"].update(max_steps=100000, i_save=100000, i_sample=100000)
json.dump(c, open(sys.argv[2], "w"))
PY
"$IVID" train uncond --data "$TMP/data" --config "$TMP/long.json" --out "$TMP/int" --threads 1 --quiet &
pid=$!
for _ in $(seq 1 300); do [ -f "$TMP/int/log.csv" ] && grep -q "^2," "$TMP/int/log.csv" && break; sleep 0.2; done
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] || fail "Ctrl-C exited $rc, expected 130"
python3 - "$TMP/int/latest.json" <<'PY' || fail "Ctrl-C left no usable checkpoint"
import json, os, sys
j = json.load(open(sys.argv[1])); c = j["checkpoints"][-1]
assert c["step"] >= 2, j
assert all(os.path.exists(os.path.join(os.path.dirname(sys.argv[1]), f)) for f in [c["model"], c["optimizer"], *c["ema"]])
PY
expect 0 "resuming at step" "$IVID" train uncond --data "$TMP/data" --config "$TMP/long.json" --out "$TMP/int" --resume --steps 1

# A full disk: the run lives on a tmpfs just large enough for one checkpoint set.
mkdir -p "$TMP/small"
if mount -t tmpfs -o size=4m tmpfs "$TMP/small" 2>/dev/null; then
    python3 - "$FIX/tiny_uncond.json" "$TMP/full.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); c["trainer"]["args"].update(max_steps=6, i_save=1, keep_checkpoints=10, i_sample=1000)
json.dump(c, open(sys.argv[2], "w"))
PY
    expect 1 "could not be written.*previous checkpoint (step [0-9]*) is intact" \
        "$IVID" train uncond --data "$TMP/data" --config "$TMP/full.json" --out "$TMP/small/run" --threads 1
    step="$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['checkpoints'][-1]['step'])" "$TMP/small/run/latest.json")"
    [ "$step" -ge 1 ] || fail "no checkpoint survived the full disk"
    ls -a "$TMP/small/run/ckpts" | grep -q "tmp" && fail "a temporary checkpoint file was left on the full disk"
    mount -o remount,size=16m "$TMP/small" || fail "cannot grow the tmpfs"  # the user frees space
    expect 0 "resuming at step $step" "$IVID" train uncond --data "$TMP/data" --config "$TMP/full.json" --out "$TMP/small/run" --resume --steps 1
else
    fail "cannot mount a tmpfs for the full-disk case (needs root)"
fi

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all train CLI checks passed"

#!/usr/bin/env bash
# CLI tests of `ivid bench unet`: figures as text and JSON, and clear refusals of bad input.
# Usage: test_bench_unet.sh /path/to/ivid   (built with the LibTorch engine, which provides `bench`)
set -u
IVID="$1"
FIX="$(cd "$(dirname "$0")/../fixtures" && pwd)"
source "$(dirname "$0")/cli_helpers.sh"

CFG="$FIX/ivid-torch/models/cond_rgbd.json"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
CKPT="$FIX/ivid-torch/models/cond_rgbd.pt"
expect 0 "unet" "$IVID" bench --help
expect 0 "--ckpt" "$IVID" bench unet --help
expect 0 "ms per forward" "$IVID" bench unet --config "$CFG" --ckpt "$CKPT" --iters 1 --threads 1
expect 0 "360244 parameters, batch 3, 16x16" "$IVID" bench unet --config "$CFG" --batch 3 --size 16 --iters 1 --warmup 0
out="$("$IVID" bench unet --config "$CFG" --iters 3 --batch 2 --json)"
python3 - "$out" <<'PY' || fail "bench unet --json gave: $out"
import json, sys
j = json.loads(sys.argv[1])
assert j["batch"] == 2 and j["size"] == 32 and j["iters"] == 3 and j["parameters"] == 360244
assert j["ms_per_forward"] > 0 and abs(j["evals_per_s"] - 2000 / j["ms_per_forward"]) < 1e-6 * j["evals_per_s"]
# Of 3 passes the median is the middle one: at least the fastest, at most half of the two others.
total, fastest = 3 * j["ms_per_forward"], j["ms_per_forward_min"]
assert fastest <= j["ms_per_forward_median"] <= (total - fastest) / 2 * (1 + 1e-9)
PY

# The default thread count is the cores this process may use: one under `taskset -c 0` (a job
# given one core of a larger node), not every core of the machine.
out="$(taskset -c 0 "$IVID" bench unet --config "$CFG" --iters 1 --warmup 0 --size 16 --json)"
echo "$out" | grep -Eq '"threads": ?1[,}]' || fail "bench unet under taskset -c 0 did not use 1 thread: $out"
# ... and of those, the ones other processes leave idle: with every core kept busy by a spinning
# process, one thread (a pool thread waiting for a busy core stalls every barrier).
spinners=()
for _ in $(seq "$(nproc)"); do
    (while :; do :; done) &
    spinners+=($!)
done
out="$("$IVID" bench unet --config "$CFG" --iters 1 --warmup 0 --size 16 --json)"
kill "${spinners[@]}"
wait "${spinners[@]}" 2>/dev/null
echo "$out" | grep -Eq '"threads": ?1[,}]' || fail "bench unet on a busy machine did not use 1 thread: $out"

expect 2 "missing subcommand" "$IVID" bench
expect 2 "unknown subcommand 'tpu'" "$IVID" bench tpu
expect 2 "missing --config" "$IVID" bench unet
expect 2 "--batch: expected 1..65536, found 0" "$IVID" bench unet --config "$CFG" --batch 0
expect 2 "--size: expected 0..65536, found -32" "$IVID" bench unet --config "$CFG" --size -32
expect 2 "--batch: expected an integer of at most 10 digits" "$IVID" bench unet --config "$CFG" --batch 99999999999
# Absurd sizes: refused before allocating, naming the key or the flag (they used to exhaust memory).
sed 's/"num_res_blocks": [0-9]*/"num_res_blocks": 1000000/' "$CFG" > "$TMP/blocks.json"
expect 1 "blocks.json: backbone.args.num_res_blocks: expected an integer from 0 to 64, found 1000000" \
    "$IVID" bench unet --config "$TMP/blocks.json"
expect 1 "needs about .* GiB, more than the .* this machine has (use a smaller batch or image size)" \
    "$IVID" bench unet --config "$CFG" --size 65536 --iters 1 --warmup 0
expect 1 "expected \"cpu\" or \"cuda\[:N\]\", found \"gpu\"" "$IVID" bench unet --config "$CFG" --device gpu
expect 1 "missing-config.json: file not found" "$IVID" bench unet --config "$FIX/missing-config.json"
expect 1 "checkpoint does not match" "$IVID" bench unet --config "$FIX/ivid-torch/models/uncond_rgbd.json" --ckpt "$CKPT"
expect 1 "legacy (pre-1.6, non-zip)" "$IVID" bench unet --config "$CFG" --ckpt "$FIX/checkpoints/legacy_format.pt"
if ! "$IVID" bench unet --config "$CFG" --device cuda --iters 1 >/dev/null 2>&1; then
    expect 1 "no CUDA support or no GPU" "$IVID" bench unet --config "$CFG" --device cuda
fi

[ "$failures" -eq 0 ] && echo "all bench unet CLI tests passed"
exit "$failures"

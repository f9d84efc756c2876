#!/usr/bin/env bash
# CLI tests of `ivid bench sample`: timing figures, the sampler comparison, and clear refusals of
# bad sampler names and values.
# Usage: test_bench_sample.sh /path/to/ivid   (built with the LibTorch engine, which provides `bench`)
set -u
IVID="$1"
FIX="$(cd "$(dirname "$0")/../fixtures" && pwd)"
source "$(dirname "$0")/cli_helpers.sh"

UNCOND="$FIX/ivid-torch/models/uncond_rgbd.json"
COND="$FIX/ivid-torch/models/cond_rgbd.json"
expect 0 "sample" "$IVID" bench --help
expect 0 "--compare-to" "$IVID" bench sample --help
expect 0 "ms per step" "$IVID" bench sample --config "$UNCOND" --steps 2 --threads 1
# Conditional model: synthetic condition and x0 corrections; class given -> guided (4 evaluations per step).
expect 0 "8 evaluations" "$IVID" bench sample --config "$COND" --ckpt "${COND%.json}.pt" --steps 2 --batch 2 --class 3 --threads 1
out="$("$IVID" bench sample --config "$UNCOND" --sampler dpmpp_2m --steps 3 --compare-to ddim:3 --threads 1 --json)"
python3 - "$out" <<'PY' || fail "bench sample --json gave: $out"
import json, sys
j = json.loads(sys.argv[1])
assert j["sampler"] == "dpmpp_2m" and j["steps"] == 3 and j["evaluations"] == 6  # guided: 2 passes
assert j["ms_per_step"] > 0 and abs(j["ms_per_step"] * 3 - j["ms_total"]) < 1e-6 * j["ms_total"]
c = j["compare_to"]
assert c["sampler"] == "ddim" and c["steps"] == 3
assert 0 < c["rms_diff"] <= c["max_abs_diff"] and c["ref_max_abs"] > 0
PY

expect 1 "expected \"ddpm\", \"ddim\" or \"dpmpp_2m\", found \"euler\"" "$IVID" bench sample --config "$UNCOND" --sampler euler
expect 2 "bench sample: --steps: expected 1..1000000, found 0" "$IVID" bench sample --config "$UNCOND" --steps 0
expect 1 "sampler: steps: expected 1..1000 (the model's timesteps), found 5000" "$IVID" bench sample --config "$UNCOND" --steps 5000
expect 1 "eta: expected a finite number >= 0" "$IVID" bench sample --config "$UNCOND" --eta -1
expect 2 "expected SAMPLER:STEPS" "$IVID" bench sample --config "$UNCOND" --steps 1 --compare-to ddim:many
expect 2 "must be >= 1" "$IVID" bench sample --config "$UNCOND" --batch 0
expect 1 "out of range\|class" "$IVID" bench sample --config "$UNCOND" --steps 1 --class 10

[ "$failures" -eq 0 ] && echo "all bench sample CLI tests passed"
exit "$failures"

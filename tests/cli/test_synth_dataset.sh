#!/usr/bin/env bash
# CLI tests of `ivid synth-dataset`: help, a small dataset, determinism over --threads, refusals.
# Usage: test_synth_dataset.sh /path/to/ivid
set -u
IVID="$1"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
source "$(dirname "$0")/cli_helpers.sh"

expect 0 "usage: ivid synth-dataset" "$IVID" synth-dataset --help
expect 0 "--seed-range A-B" "$IVID" synth-dataset --help
expect 0 "synth-dataset" "$IVID" --help

expect 0 "wrote .*6 images of 32x32, worlds 3-5" "$IVID" synth-dataset --count 6 --size 32 --seed-range 3-5 --spp 1 --threads 1 --out "$TMP/a"
expect 0 "" "$IVID" synth-dataset --count 6 --size 32 --seed-range 3-5 --spp 1 --threads 2 --out "$TMP/b" --quiet
diff -r "$TMP/a" "$TMP/b" >/dev/null || fail "--threads 1 and 2 wrote different files"
[ "$(ls "$TMP/a/images" | wc -l)" = 6 ] || fail "expected 6 images"
[ "$(ls "$TMP/a/depths" | wc -l)" = 6 ] || fail "expected 6 depth files"
python3 - "$TMP/a/dataset.json" <<'PY' || fail "dataset.json content"
import json, sys
j = json.load(open(sys.argv[1]))
assert j["version"] == 1 and j["generator"] == "ivid synth-dataset" and j["image_size"] == 32, j
assert j["near"] == 0.6 and j["far"] == 5 and j["fov_deg"] == 45, j
assert [e["world_seed"] for e in j["images"]] == [3, 4, 5, 3, 4, 5], j
assert all(abs(e["pitch"]) <= 0.2 for e in j["images"]), j
PY
head -c 8 "$TMP/a/images/000000.png" | od -c | grep -q "P   N   G" || fail "images are not PNG"
head -c 4 "$TMP/a/depths/000000.exr" | od -An -tx1 | grep -q "76 2f 31 01" || fail "depths are not OpenEXR"

# An existing folder is refused (exit 1, nothing changed) unless --force.
expect 1 "already exists (use --force" "$IVID" synth-dataset --count 2 --size 16 --seed-range 1 --out "$TMP/a"
[ "$(ls "$TMP/a/images" | wc -l)" = 6 ] || fail "a refused synth-dataset changed the folder"
expect 0 "" "$IVID" synth-dataset --count 2 --size 16 --seed-range 1 --spp 1 --out "$TMP/a" --force --quiet
[ "$(ls "$TMP/a/images" | wc -l)" = 2 ] || fail "--force did not replace the folder"

# Usage errors exit 2 naming the flag; nothing is written.
expect 2 "--seed-range: expected A-B" "$IVID" synth-dataset --count 2 --seed-range 5-3 --out "$TMP/c"
expect 2 "--seed-range: expected A-B" "$IVID" synth-dataset --count 2 --seed-range x --out "$TMP/c"
expect 2 "--count: expected 1..1000000, found 0" "$IVID" synth-dataset --count 0 --seed-range 1 --out "$TMP/c"
expect 2 "--size: expected 8..4096" "$IVID" synth-dataset --count 1 --size 4 --seed-range 1 --out "$TMP/c"
expect 2 "--pose-seed: expected a non-negative integer" "$IVID" synth-dataset --count 1 --seed-range 1 --pose-seed -1 --out "$TMP/c"
expect 2 "--threads: expected 0..1024" "$IVID" synth-dataset --count 1 --seed-range 1 --threads -2 --out "$TMP/c"
expect 2 "missing --count" "$IVID" synth-dataset --seed-range 1 --out "$TMP/c"
expect 2 "missing --seed-range" "$IVID" synth-dataset --count 1 --out "$TMP/c"
expect 1 "parent folder" "$IVID" synth-dataset --count 1 --seed-range 1 --out "$TMP/missing/c"
[ ! -e "$TMP/c" ] || fail "a refused synth-dataset created $TMP/c"

if [ "$failures" -ne 0 ]; then
  echo "$failures synth-dataset CLI check(s) failed"
  exit 1
fi
echo "all synth-dataset CLI checks passed"

#!/usr/bin/env bash
# CLI tests of sharded generation (`ivid generate --shard I/N`, the Slurm and Kubernetes
# environments, `ivid shards status`) on the fixture models: three shards make exactly the scenes
# of a one-machine run (view files byte-identical, classes included), a retried shard skips
# complete scenes, Ctrl-C keeps the finished ones, and bad shards or environments are named.
# --results: IVID's results/ folder for FID/KID tools, the same from one machine and from shards,
# filled in for complete scenes, and refused up front when it cannot be written.
# Usage: test_shards.sh /path/to/ivid   (built with the LibTorch engine)
set -u
IVID="$1"
FIX="$(cd "$(dirname "$0")/../fixtures" && pwd)"
source "$(dirname "$0")/cli_helpers.sh"
TMP="$(mktemp -d)"
trap 'mountpoint -q "$TMP/ro" && umount "$TMP/ro"; rm -rf "$TMP"' EXIT

M="$FIX/ivid-torch/models"
GEN=(generate --uncond-config "$M/uncond_rgbd.json" --uncond-ckpt "$M/uncond_rgbd.pt" --cond-config "$M/cond_rgbd.json"
     --cond-ckpt "$M/cond_rgbd.pt" --steps-uncond 2 --steps-cond 2 --sampler ddim --threads 1 --viewset ring:3
     --class-mode uniform --batch 2 --quiet)
# No scheduler environment leaks in from the machine running the tests.
unset SLURM_ARRAY_TASK_ID SLURM_ARRAY_TASK_COUNT SLURM_ARRAY_TASK_MIN JOB_COMPLETION_INDEX IVID_SHARD_COUNT

same_scene() {  # A B: every view file identical
    for f in "$1"/views/*; do cmp -s "$f" "$2/views/$(basename "$f")" || { fail "$2: $(basename "$f") differs from $1"; return; }; done
}

# Three shards: one from the flag, one as a Slurm array task (ids 5..7), one as a Kubernetes Indexed Job.
expect 0 "" "$IVID" "${GEN[@]}" --seeds 0-6 --out "$TMP/one" --results "$TMP/one-results"
expect 0 "" "$IVID" "${GEN[@]}" --seeds 0-6 --out "$TMP/shards" --shard 0/3
expect 0 "" env SLURM_ARRAY_TASK_ID=6 SLURM_ARRAY_TASK_MIN=5 SLURM_ARRAY_TASK_COUNT=3 "$IVID" "${GEN[@]}" --seeds 0-6 --out "$TMP/shards"
expect 0 "" env JOB_COMPLETION_INDEX=2 IVID_SHARD_COUNT=3 "$IVID" "${GEN[@]}" --seeds 0-6 --out "$TMP/shards"
for s in 0 1 2 3 4 5 6; do same_scene "$TMP/one/seed$s" "$TMP/shards/seed$s"; done
grep -q '"seeds": \[\s*1,\s*4\s*\]' <(tr -d '\n' < "$TMP/shards/.shards/shard-1-of-3.json") || fail "shard 1/3 did not take seeds 1 and 4"
expect 0 "7 complete, 0 missing" "$IVID" shards status --out "$TMP/shards" --seeds 0-6
"$IVID" info "$TMP/shards/seed5" --json | grep -q '"class": 5' || fail "seed 5 lost its uniform-mode class"

# The results folder: seeds x views 8-bit RGB PNGs at the scene's size, named as IVID's sample.py
# names its results/ images (rgb_class<CCC>_seed<SSSSS>) plus the view; two shards write the same bytes.
expect 0 "--results DIR" "$IVID" generate --help
python3 - "$TMP/one-results" "$TMP/one/seed0/scene.json" <<'PY' || fail "results folder of the one-machine run"
import json, os, struct, sys
size = json.load(open(sys.argv[2]))["image_size"]
# --class-mode uniform: seed i of 0-6 has class i.
want = {f"rgb_class{s:03d}_seed{s:05d}_view{v:03d}.png" for s in range(7) for v in range(3)}
names = set(os.listdir(sys.argv[1]))
assert names == want, sorted(names ^ want)
for n in names:
    head = open(os.path.join(sys.argv[1], n), "rb").read(33)
    assert head[:8] == b"\x89PNG\r\n\x1a\n" and head[12:16] == b"IHDR", n
    w, h, depth, colour = struct.unpack(">IIBB", head[16:26])
    assert (w, h, depth, colour) == (size, size, 8, 2), (n, w, h, depth, colour)  # 8-bit RGB
PY
expect 0 "" "$IVID" "${GEN[@]}" --seeds 0-6 --out "$TMP/halves" --shard 0/2 --results "$TMP/halves-results"
expect 0 "" "$IVID" "${GEN[@]}" --seeds 0-6 --out "$TMP/halves" --shard 1/2 --results "$TMP/halves-results"
diff -r "$TMP/one-results" "$TMP/halves-results" || fail "2 shards' results differ from the one-machine run's"
# A rerun gives complete scenes their missing images: one lost here, and a run that had no --results.
rm "$TMP/halves-results/rgb_class002_seed00002_view001.png"
expect 0 "" "$IVID" "${GEN[@]}" --seeds 0-6 --out "$TMP/halves" --shard 0/2 --results "$TMP/halves-results"
expect 0 "" "$IVID" "${GEN[@]}" --seeds 0-6 --out "$TMP/shards" --shard 0/1 --results "$TMP/late-results"
diff -r "$TMP/one-results" "$TMP/halves-results" || fail "a rerun did not restore the lost results image"
diff -r "$TMP/one-results" "$TMP/late-results" || fail "results filled in from complete scenes differ"
# A one-machine run keeps existing images unless --force; unwritable folders fail before any work.
expect 1 "rgb_class000_seed00000_view000.png: already exists (use --force" "$IVID" "${GEN[@]}" --seeds 0-6 --out "$TMP/x" \
    --results "$TMP/one-results"
expect 1 "same file as --out" "$IVID" "${GEN[@]}" --seeds 0-6 --out "$TMP/x" --results "$TMP/x"
touch "$TMP/file"
expect 1 "file is not a folder" "$IVID" "${GEN[@]}" --seeds 0-6 --out "$TMP/x" --results "$TMP/file/results"
mkdir "$TMP/ro"
mount -t tmpfs -o ro tmpfs "$TMP/ro" 2>/dev/null || chmod 555 "$TMP/ro"  # root ignores permissions
expect 1 "ro/results: cannot write into folder" "$IVID" "${GEN[@]}" --seeds 0-6 --out "$TMP/x" --results "$TMP/ro/results"
expect 1 "cannot write into folder" "$IVID" "${GEN[@]}" --seeds 0-6 --out "$TMP/x" --results "$TMP/ro" --shard 0/2
[ -e "$TMP/x" ] && fail "a refused results folder let the run start: $TMP/x exists"

# A retried shard makes only what is missing; status names the missing seeds and the command.
rm -rf "$TMP/shards/seed3"
expect 1 "missing: 3" "$IVID" shards status --out "$TMP/shards" --seeds 0-6
expect 1 "--seeds 3 --out $TMP/shards" "$IVID" shards status --out "$TMP/shards" --seeds 0-6
json="$("$IVID" "${GEN[@]}" --seeds 0-6 --out "$TMP/shards" --shard 0/3 --json)" || fail "retry failed: $json"
python3 -c "import json,sys; j=json.loads(sys.argv[1]); assert j['done'] == [3] and j['skipped'] == [0, 6], j" "$json" \
    || fail "retry made $json"
same_scene "$TMP/one/seed3" "$TMP/shards/seed3"

# Ctrl-C: the scenes finished before it stay complete, nothing partial; a rerun completes the shard.
"$IVID" "${GEN[@]}" --seeds 0-199 --batch 1 --out "$TMP/big" --shard 0/1 2> "$TMP/int.log" &
pid=$!
for _ in $(seq 100); do [ -e "$TMP/big/seed1/scene.json" ] && break; sleep 0.1; done
kill -INT "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 130 ] || fail "Ctrl-C of a shard exited $rc: $(cat "$TMP/int.log")"
grep -q "finished before stay in" "$TMP/int.log" || fail "Ctrl-C message: $(cat "$TMP/int.log")"
done_count=$(ls "$TMP/big" | grep -c '^seed')
[ "$done_count" -ge 2 ] && [ "$done_count" -lt 200 ] || fail "Ctrl-C left $done_count scene folders"
for d in "$TMP"/big/seed*; do [ -f "$d/scene.json" ] || fail "$d is incomplete"; done
ls -A "$TMP/big" | grep -v '^seed' | grep -qv '^.shards$' && fail "temporaries left in $TMP/big: $(ls -A "$TMP/big")"

# Bad shards and environments are named; --force does not go with a shard.
expect 2 "generate: shard: expected I/N with 0 <= I < N, found \"3/3\"" "$IVID" "${GEN[@]}" --out "$TMP/x" --shard 3/3
expect 2 "shard index" "$IVID" "${GEN[@]}" --out "$TMP/x" --shard a/3
expect 2 "--force does not go with a shard" "$IVID" "${GEN[@]}" --out "$TMP/x" --shard 0/2 --force
expect 1 "SLURM_ARRAY_TASK_COUNT" env SLURM_ARRAY_TASK_ID=1 "$IVID" "${GEN[@]}" --out "$TMP/x"
expect 1 "IVID_SHARD_COUNT" env JOB_COMPLETION_INDEX=1 "$IVID" "${GEN[@]}" --out "$TMP/x"
[ -e "$TMP/x" ] && fail "a refused shard created $TMP/x"
echo '{"format": "ivid-shard-manifest", "version": 1' > "$TMP/shards/.shards/shard-9-of-10.json"
expect 1 "shard-9-of-10.json" "$IVID" shards status --out "$TMP/shards" --seeds 0-6
expect 2 "expected the action status" "$IVID" shards list --out "$TMP/shards" --seeds 0-6

[ "$failures" -eq 0 ] || exit 1
echo "all shard CLI checks passed"

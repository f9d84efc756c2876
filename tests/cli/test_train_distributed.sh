#!/usr/bin/env bash
# CLI tests of data-parallel `ivid train` (c10d over Gloo, on loopback):
# - 2 ranks x batch 4 train bit for bit what 1 rank x batch 8 trains with batch_split 2 (the same
#   micro-batch shapes; see the note below), launched three ways: --nproc-per-node, IVID's
#   --num-nodes/--node-rank flags (two "nodes" here), and Slurm's srun environment;
# - a resumed 2-rank run equals an uninterrupted one bit for bit; a 2-rank run resumes on 1 rank;
# - faults: Ctrl-C on one rank, a killed rank, a hung rank, a missing rank 0, bad launch values.
# Usage: test_train_distributed.sh /path/to/ivid
#
# Why bit for bit: a rank's gradient is the mean over its 4 items, g_r; the ranks' all-reduce
# gives g_0 + g_1 (two terms: the same float sum in either order), divided by 2. One process with
# batch_split 2 runs the same two micro-batches on the same kernels, each backpropagated with
# weight 1/2, and accumulates g_0/2 + g_1/2. Halving is exact in binary floating point (no
# underflow at these magnitudes), so both are the same float: the derived tolerance is zero.
# With batch_split 1 the single process would convolve 8 items at once, whose kernels block the
# batch differently (last bits differ, see test_nn_unet); with more ranks, ring all-reduce
# orders the sum differently per chunk. Neither is tested for equality.
set -u
IVID="$1"
TMP="$(mktemp -d)"
FIX="$(cd "$(dirname "$0")/../fixtures/train" && pwd)"
cleanup() { pkill -9 -f -- "--out $TMP/"; rm -rf "$TMP"; }
trap cleanup EXIT
source "$(dirname "$0")/cli_helpers.sh"

free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# config NAME BATCH SPLIT MAX_STEPS: the tiny fixture model with these trainer keys.
config() {
    python3 - "$FIX/tiny_uncond.json" "$TMP/$1.json" "$2" "$3" "$4" <<'PY'
import json, sys
c = json.load(open(sys.argv[1]))
c["trainer"]["args"].update(batch_size_per_gpu=int(sys.argv[3]), batch_split=int(sys.argv[4]), max_steps=int(sys.argv[5]),
                            i_log=1, i_save=2, i_sample=4, sample_count=2, sample_steps=2)
json.dump(c, open(sys.argv[2], "w"))
PY
}
same_run() {  # same_run A B STEP: identical weights, EMA weights and losses
    for f in "ckpts/model_step000000$3.pt" "ckpts/ema_0.999_step000000$3.pt"; do
        cmp -s "$TMP/$1/$f" "$TMP/$2/$f" || fail "$2/$f differs from $1/$f"
    done
    [ "$(cut -d, -f1,2 "$TMP/$1/log.csv")" = "$(cut -d, -f1,2 "$TMP/$2/log.csv")" ] ||
        fail "$2's losses differ from $1's: $(paste -d' ' "$TMP/$1/log.csv" "$TMP/$2/log.csv")"
}
train() { "$IVID" train uncond --data "$TMP/data" --threads 1 --quiet "$@"; }
# signal_rank RUN RANK SIGNAL: signals the worker of that rank training into $TMP/RUN (when
# there is none, fails and ends the run so the test cannot hang).
signal_rank() {
    for p in $(pgrep -f -- "--out $TMP/$1( |$)"); do
        tr '\0' '\n' < "/proc/$p/environ" 2>/dev/null | grep -qx "RANK=$2" && { kill "-$3" "$p"; return; }
    done
    fail "no worker of rank $2 trains into $1"
    pkill -9 -f -- "--out $TMP/$1( |$)"
}
wait_for_step() {  # wait_for_step RUN STEP
    for _ in $(seq 1 300); do grep -q "^$2," "$TMP/$1/log.csv" 2>/dev/null && return 0; sleep 0.1; done
    fail "$1 never reached step $2"
}

"$IVID" synth-dataset --count 8 --size 32 --seed-range 7-14 --spp 1 --out "$TMP/data" --quiet || fail "synth-dataset"
config single 8 2 4
config ranks 4 1 4
config long 4 1 100000

# Usage errors name the flag.
expect 0 "nproc-per-node" "$IVID" train --help
expect 2 "--nproc-per-node: expected 1..1024, found 0" train --config "$TMP/ranks.json" --out "$TMP/x" --nproc-per-node 0
expect 2 "--node-rank: expected 0..1" train --config "$TMP/ranks.json" --out "$TMP/x" --num-nodes 2 --node-rank 2
expect 2 "--master-port: expected 1..65535" train --config "$TMP/ranks.json" --out "$TMP/x" --num-nodes 2 --master-port 70000

# The reference: one process, the global batch of 8 in two micro-batches of 4.
train --config "$TMP/single.json" --out "$TMP/single" || fail "single-process run"

# --nproc-per-node 2: two local ranks (torchrun's environment inside).
out="$(train --config "$TMP/ranks.json" --out "$TMP/spawned" --nproc-per-node 2 --master-port "$(free_port)" --json)" ||
    fail "--nproc-per-node 2 run: $out"
echo "$out" | grep -q '"ranks": 2' || fail "--json does not report 2 ranks: $out"
echo "$out" | grep -q '"images_seen": 32' || fail "2 ranks x 4 x 4 steps should see 32 images: $out"
same_run single spawned 4
[ -f "$TMP/spawned/samples/step0000004.png" ] || fail "rank 0 wrote no sample grid"

# IVID's flags, two "nodes" of one rank each on this machine.
port="$(free_port)"
train --config "$TMP/ranks.json" --out "$TMP/nodes" --num-nodes 2 --node-rank 1 --nproc-per-node 1 --master-port "$port" &
background=$!
train --config "$TMP/ranks.json" --out "$TMP/nodes" --num-nodes 2 --node-rank 0 --nproc-per-node 1 --master-port "$port" ||
    fail "node 0 of the --num-nodes run"
wait "$background" || fail "node 1 of the --num-nodes run"
same_run single nodes 4
[ -e "$TMP/nodes/ckpts" ] && [ "$(ls "$TMP/nodes/ckpts" | wc -l)" -eq 6 ] || fail "rank 1 wrote into the run folder too"

# Slurm: one srun task per rank (SLURM_STEP_ID marks a job step; the master is the node list's first host).
ranks=()
for rank in 1 0; do
    SLURM_STEP_ID=0 SLURM_PROCID=$rank SLURM_LOCALID=$rank SLURM_NTASKS=2 SLURM_STEP_NODELIST=localhost \
        MASTER_PORT="$port" train --config "$TMP/ranks.json" --out "$TMP/slurm" &
    ranks+=($!)
done
wait "${ranks[1]}" || fail "Slurm rank 0"
wait "${ranks[0]}" || fail "Slurm rank 1"
same_run single slurm 4
# In the batch script itself (no SLURM_STEP_ID) a lone process is not a rank of 2.
SLURM_PROCID=0 SLURM_NTASKS=2 SLURM_JOB_NODELIST=localhost train --config "$TMP/ranks.json" --out "$TMP/batchstep" --steps 1 ||
    fail "a process in a Slurm batch script (not an srun step) waited for ranks"

# Resume: 2 ranks stopped at step 3 (between checkpoints) and resumed equal the uninterrupted run.
train --config "$TMP/ranks.json" --out "$TMP/resumed" --nproc-per-node 2 --master-port "$(free_port)" --steps 3 ||
    fail "2-rank run with --steps 3"
train --config "$TMP/ranks.json" --out "$TMP/resumed" --nproc-per-node 2 --master-port "$(free_port)" --resume ||
    fail "2-rank resume"
same_run spawned resumed 4
# ... and on another world size: one rank continues the 2-rank run (global batch 4 from now on).
train --config "$TMP/ranks.json" --out "$TMP/regrown" --nproc-per-node 2 --master-port "$(free_port)" --steps 2 || fail "2-rank run"
expect 0 "finished at step 4 of 4" "$IVID" train uncond --data "$TMP/data" --threads 1 --config "$TMP/ranks.json" --out "$TMP/regrown" --resume

# signal_run RUN SIGNAL [FLAGS...]: starts a long 2-rank run into $TMP/RUN (stderr to RUN.log),
# signals rank 1 at step 2, and waits for the launcher; sets rc and seconds (signal to exit).
signal_run() {
    local run="$1" signal="$2"
    shift 2
    train --config "$TMP/long.json" --out "$TMP/$run" --nproc-per-node 2 --master-port "$(free_port)" "$@" 2> "$TMP/$run.log" &
    local launcher=$!
    wait_for_step "$run" 2
    local start=$SECONDS
    signal_rank "$run" 1 "$signal"
    wait "$launcher"
    rc=$?
    seconds=$((SECONDS - start))
}

# Ctrl-C (here SIGINT to rank 1 alone): every rank stops after the same step, rank 0 writes one
# checkpoint, all exit 130, and the run resumes.
signal_run int INT
[ "$rc" -eq 130 ] || fail "Ctrl-C on rank 1: the launcher exited $rc, expected 130 ($(cat "$TMP/int.log"))"
grep -qi "error" "$TMP/int.log" && fail "Ctrl-C on rank 1 printed an error: $(cat "$TMP/int.log")"
step="$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['checkpoints'][-1]['step'])" "$TMP/int/latest.json")"
[ "$step" -ge 2 ] || fail "Ctrl-C left no checkpoint"
expect 0 "resuming at step $step" "$IVID" train uncond --data "$TMP/data" --threads 1 --config "$TMP/long.json" --out "$TMP/int" \
    --resume --steps 1 --nproc-per-node 2 --master-port "$(free_port)"

# A killed rank: the others stop at their next collective, the launcher names it.
signal_run killed KILL
[ "$rc" -ne 0 ] || fail "a killed rank: the launcher exited 0"
[ "$seconds" -le 20 ] || fail "a killed rank: the run took $seconds s to stop"
grep -q "rank 1 exited with status 137" "$TMP/killed.log" || fail "the launcher does not name the killed rank: $(cat "$TMP/killed.log")"
grep -q "rank 0: .* failed" "$TMP/killed.log" || fail "rank 0 does not say which collective failed: $(cat "$TMP/killed.log")"

# A hung rank (SIGSTOP): rank 0 stops after --timeout, naming the rank whose heartbeat stopped
# (wherever it was stopped: before the step's collective or inside it, level with rank 0); the
# launcher then ends the hung one.
signal_run hung STOP --timeout 4
[ "$rc" -ne 0 ] || fail "a hung rank: the launcher exited 0"
[ "$seconds" -le 40 ] || fail "a hung rank: the run took $seconds s to stop (timeout 4 s)"
grep -q "rank 1 stopped responding at step [0-9]" "$TMP/hung.log" || fail "rank 0 does not name the hung rank: $(cat "$TMP/hung.log")"

# A rank without its rank 0 gives up after the timeout naming the rendezvous; bad values are named.
expect 1 "could not join the rendezvous at 127.0.0.1:$port within 2 s" \
    env RANK=1 WORLD_SIZE=2 MASTER_ADDR=127.0.0.1 MASTER_PORT="$port" "$IVID" train uncond --data "$TMP/data" \
    --config "$TMP/ranks.json" --out "$TMP/alone" --timeout 2
expect 1 "RANK: expected an integer, found \"one\"" env RANK=one WORLD_SIZE=2 "$IVID" train uncond --data "$TMP/data" \
    --config "$TMP/ranks.json" --out "$TMP/bad"
expect 1 "rank 2 is not below the world size 2" env RANK=2 WORLD_SIZE=2 "$IVID" train uncond --data "$TMP/data" \
    --config "$TMP/ranks.json" --out "$TMP/bad"
expect 1 "WORLD_SIZE is not set" env RANK=0 "$IVID" train uncond --data "$TMP/data" --config "$TMP/ranks.json" --out "$TMP/bad"
# A rank that cannot start (its dataset is missing) stops the others at once with its reason.
port="$(free_port)"
env RANK=1 WORLD_SIZE=2 MASTER_PORT="$port" "$IVID" train uncond --data "$TMP/no-data" --config "$TMP/ranks.json" \
    --out "$TMP/nodata" --quiet 2> "$TMP/nodata1.log" &
background=$!
expect 1 "rank 1 stopped: .*no-data" env RANK=0 WORLD_SIZE=2 MASTER_PORT="$port" "$IVID" train uncond --data "$TMP/data" \
    --config "$TMP/ranks.json" --out "$TMP/nodata" --timeout 30
wait "$background" && fail "the rank without data exited 0"

[ "$failures" -eq 0 ] || { echo "$failures failure(s)"; exit 1; }
echo "all distributed train CLI checks passed"

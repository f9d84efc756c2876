#!/usr/bin/env bash
# The launch files in packaging/cluster, checked by running what they run: the Slurm array script
# (under a stand-in `srun`) and the Kubernetes Indexed Job's container command and environment
# (read from the parsed YAML) each make their shard with the scheduler's variables set; the YAML
# is a valid Indexed Job whose IVID_SHARD_COUNT equals its completions. A stand-in `ivid` adds the
# fixture models and a few sampler steps so the real generation code runs in seconds.
# Usage: test_cluster_files.sh /path/to/ivid   (built with the LibTorch engine)
set -u
IVID="$1"
HERE="$(cd "$(dirname "$0")" && pwd)"
CLUSTER="$HERE/../../packaging/cluster"
M="$HERE/../fixtures/ivid-torch/models"
source "$HERE/cli_helpers.sh"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
unset SLURM_ARRAY_TASK_ID SLURM_ARRAY_TASK_COUNT SLURM_ARRAY_TASK_MIN JOB_COMPLETION_INDEX IVID_SHARD_COUNT

mkdir "$TMP/bin"
cat > "$TMP/bin/srun" <<'SH'
#!/usr/bin/env bash
exec "$@"
SH
cat > "$TMP/bin/ivid" <<SH
#!/usr/bin/env bash
exec "$IVID" "\$@" --uncond-config "$M/uncond_rgbd.json" --uncond-ckpt "$M/uncond_rgbd.pt" \
    --cond-config "$M/cond_rgbd.json" --cond-ckpt "$M/cond_rgbd.pt" --steps-uncond 2 --steps-cond 2 --viewset ring:3
SH
chmod +x "$TMP/bin/srun" "$TMP/bin/ivid"

# Slurm: task 1 of an array 0-1 over seeds 0-3 makes seeds 1 and 3.
bash -n "$CLUSTER/generate-array.sbatch" || fail "generate-array.sbatch does not parse"
grep -q '^#SBATCH --array=' "$CLUSTER/generate-array.sbatch" || fail "no #SBATCH --array line"
PATH="$TMP/bin:$PATH" OUT="$TMP/slurm" SEEDS=0-3 SLURM_CPUS_PER_TASK=1 SLURM_ARRAY_TASK_ID=1 SLURM_ARRAY_TASK_MIN=0 \
    SLURM_ARRAY_TASK_COUNT=2 bash "$CLUSTER/generate-array.sbatch" > "$TMP/slurm.log" 2>&1 || fail "sbatch script: $(cat "$TMP/slurm.log")"
[ "$(ls "$TMP/slurm" | grep '^seed' | tr '\n' ' ')" = "seed1 seed3 " ] || fail "Slurm task 1/2 made: $(ls "$TMP/slurm")"

# Kubernetes: the Job's own command and environment, with its volume mounted at a temporary folder.
python3 - "$CLUSTER/generate-indexed-job.yaml" "$TMP/k8s" > "$TMP/k8s.sh" <<'PY' || fail "Indexed Job YAML: $(cat "$TMP/k8s.sh")"
import shlex, sys, yaml
job = yaml.safe_load(open(sys.argv[1]))
assert job["apiVersion"] == "batch/v1" and job["kind"] == "Job", job
spec = job["spec"]
assert spec["completionMode"] == "Indexed", spec
container = spec["template"]["spec"]["containers"][0]
env = {e["name"]: e["value"] for e in container["env"]}
assert int(env["IVID_SHARD_COUNT"]) == spec["completions"], (env, spec["completions"])
mount = container["volumeMounts"][0]["mountPath"]
command = [a.replace(mount, sys.argv[2]) for a in container["command"]]
command = [("0-3" if a == "0-999" else a) for a in command]  # a short run of the same command
env["IVID_SHARD_COUNT"] = "2"
print(" ".join(f"{k}={shlex.quote(v)}" for k, v in env.items()), "JOB_COMPLETION_INDEX=0", " ".join(map(shlex.quote, command)))
PY
PATH="$TMP/bin:$PATH" bash -c "$(cat "$TMP/k8s.sh")" > "$TMP/k8s.log" 2>&1 || fail "Indexed Job command: $(cat "$TMP/k8s.log")"
[ "$(ls "$TMP/k8s" | grep '^seed' | tr '\n' ' ')" = "seed0 seed2 " ] || fail "Indexed Job index 0/2 made: $(ls "$TMP/k8s")"
grep -q '^FROM debian:12' "$CLUSTER/Containerfile" || fail "Containerfile does not start from Debian 12"

[ "$failures" -eq 0 ] || exit 1
echo "all cluster file checks passed"

#!/usr/bin/env bash
# The launch files in packaging/cluster, checked by running what they run: the Slurm array script
# (under a stand-in `srun`) and the Kubernetes Indexed Job's container command and environment
# (read from the parsed YAML) each make their shard with the scheduler's variables set; the YAML
# is a valid Indexed Job whose IVID_SHARD_COUNT equals its completions. A stand-in `ivid` adds the
# fixture models and a few sampler steps so the real generation code runs in seconds. The training
# files: the multi-node sbatch script under a stand-in `srun` that starts two tasks with Slurm's
# step variables, and the PyTorchJob's container command run as two pods with the variables the
# Kubeflow operator sets; both train a tiny model for 2 steps as 2 ranks and resume when rerun.
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

# Training: a tiny dataset and model, 2 steps.
"$IVID" synth-dataset --count 4 --size 32 --seed-range 1-4 --spp 1 --out "$TMP/data" --quiet || fail "synth-dataset"
python3 - "$HERE/../fixtures/train/tiny_uncond.json" "$TMP/tiny.json" <<'PY'
import json, sys
c = json.load(open(sys.argv[1])); c["trainer"]["args"].update(max_steps=2, i_save=2, i_sample=1000)
json.dump(c, open(sys.argv[2], "w"))
PY
free_port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
last_step() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['checkpoints'][-1]['step'])" "$1/latest.json"; }
mkdir "$TMP/srun2"
cat > "$TMP/srun2/srun" <<'SH'
#!/usr/bin/env bash
# srun of 2 tasks on this node: the step variables Slurm sets per task.
for rank in 0 1; do
  SLURM_STEP_ID=0 SLURM_PROCID=$rank SLURM_LOCALID=$rank SLURM_NTASKS=2 SLURM_STEP_NODELIST=localhost "$@" &
done
wait -n && wait -n
SH
ln -s "$(realpath "$IVID")" "$TMP/srun2/ivid"
chmod +x "$TMP/srun2/srun"
bash -n "$CLUSTER/train-multinode.sbatch" || fail "train-multinode.sbatch does not parse"
grep -q '^#SBATCH --nodes=' "$CLUSTER/train-multinode.sbatch" || fail "no #SBATCH --nodes line"
for run in 1 2; do  # the second submission resumes (and finds max_steps reached)
  PATH="$TMP/srun2:$PATH" MODEL=uncond DATA="$TMP/data" CONFIG="$TMP/tiny.json" OUT="$TMP/slurm-train" SLURM_CPUS_PER_TASK=1 \
      MASTER_PORT="$(free_port)" bash "$CLUSTER/train-multinode.sbatch" > "$TMP/slurm-train.log" 2>&1 ||
      fail "train-multinode.sbatch (submission $run): $(cat "$TMP/slurm-train.log")"
done
[ "$(last_step "$TMP/slurm-train")" = 2 ] || fail "the sbatch training run did not reach step 2"

# Kubeflow PyTorchJob: its container command as a master pod and a worker pod.
python3 - "$CLUSTER/train-pytorchjob.yaml" "$TMP/job" > "$TMP/pytorchjob.sh" <<'PY' || fail "PyTorchJob YAML: $(cat "$TMP/pytorchjob.sh")"
import shlex, sys, yaml
job = yaml.safe_load(open(sys.argv[1]))
assert job["apiVersion"] == "kubeflow.org/v1" and job["kind"] == "PyTorchJob", job
replicas = job["spec"]["pytorchReplicaSpecs"]
assert replicas["Master"]["replicas"] == 1, replicas
pods = [replicas[k]["template"]["spec"] for k in ("Master", "Worker")]
for pod in pods:
    assert pod["containers"][0]["name"] == "pytorch", pod  # the operator finds its container by name
assert pods[0]["containers"][0]["command"] == pods[1]["containers"][0]["command"]
container = pods[0]["containers"][0]
mount = container["volumeMounts"][0]["mountPath"]
command = [a.replace(mount, sys.argv[2]).replace("train cond", "train uncond").replace("--threads 8", "--threads 1")
           for a in container["command"]]
print(" ".join(map(shlex.quote, command)))
PY
mkdir -p "$TMP/job/runs"
ln -s "$TMP/data" "$TMP/job/data"
cp "$TMP/tiny.json" "$TMP/job/config.json"
for run in 1 2; do
  port="$(free_port)"
  for rank in 1 0; do  # the operator's variables, one process per pod
    PATH="$TMP/srun2:$PATH" MASTER_ADDR=127.0.0.1 MASTER_PORT="$port" WORLD_SIZE=2 RANK=$rank \
        bash -c "$(cat "$TMP/pytorchjob.sh")" > "$TMP/pod$rank.log" 2>&1 &
  done
  wait -n || fail "a PyTorchJob pod (run $run): $(cat "$TMP"/pod*.log)"
  wait -n || fail "a PyTorchJob pod (run $run): $(cat "$TMP"/pod*.log)"
done
[ "$(last_step "$TMP/job/runs/cond")" = 2 ] || fail "the PyTorchJob training run did not reach step 2"

[ "$failures" -eq 0 ] || exit 1
echo "all cluster file checks passed"

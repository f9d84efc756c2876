#!/usr/bin/env bash
# Runs every fuzz target of BUILD_DIR/tests/fuzz for SECONDS seconds each, starting from the seeds
# in tests/fuzz/corpus/<target>/ (new inputs go to BUILD_DIR/fuzz/corpus/<target>/, never into
# the repository). Exits 1 when any target found a crash, leak, timeout or memory blow-up; the
# inputs that caused them are saved as BUILD_DIR/fuzz/findings/<target>-*.
# Usage: run_fuzzers.sh BUILD_DIR SECONDS [TARGET...]
# FUZZ_RUNS=N also ends each target after N executions (a long run: 30 minutes or 1M executions).
set -uo pipefail
build=$1 seconds=$2
shift 2
here=$(cd "$(dirname "$0")" && pwd)
targets=("$@")
if [[ ${#targets[@]} -eq 0 ]]; then
  for exe in "$build"/tests/fuzz/fuzz_*; do targets+=("${exe##*/fuzz_}"); done
fi

export UBSAN_OPTIONS="print_stacktrace=1"
# One decoding thread: frees on OpenCV's worker threads make libFuzzer suspect a leak after every
# input and scan the heap each time (fuzz_image: ~10 instead of ~200 inputs per second).
export OPENCV_FOR_THREADS_NUM=1 OMP_NUM_THREADS=1
failed=()
for target in "${targets[@]}"; do
  work="$build/fuzz/corpus/$target" findings="$build/fuzz/findings"
  mkdir -p "$work" "$findings"
  log="$build/fuzz/$target.log"
  echo "fuzz_$target: ${seconds}s (log: $log)"
  if ! "$build/tests/fuzz/fuzz_$target" "$work" "$here/corpus/$target" -max_total_time="$seconds" \
      -rss_limit_mb=2048 -timeout=10 -runs="${FUZZ_RUNS:--1}" -print_final_stats=1 -artifact_prefix="$findings/$target-" >"$log" 2>&1; then
    failed+=("$target")
    grep -aE '^(==[0-9]+== ?ERROR|SUMMARY|.*runtime error)' "$log" | head -3
  fi
  grep -aE '^stat::number_of_executed_units|^stat::average_exec_per_sec' "$log" | tr '\n' ' '
  echo
done

if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: findings in ${failed[*]} (inputs in $build/fuzz/findings/)" >&2
  exit 1
fi
echo "fuzz: no findings in ${#targets[@]} targets"

#!/usr/bin/env bash
# Runs a numeric test with another x86-64 CPU's kernels, as a fresh clone meets them elsewhere:
# OpenBLAS's core type (GEMM kernels) and oneDNN's instruction set (convolutions) are forced the
# way those libraries would pick them on that CPU. Exits 77 (CTest: skipped) when this CPU lacks
# the instructions the kernels need, so the variant never dies of SIGILL on an older machine.
#   run_with_kernels.sh CORETYPE COMMAND...   CORETYPE: Haswell|SkylakeX|Zen|Sandybridge|Prescott
set -euo pipefail
core=$1
shift
case $core in
  Haswell|Zen) isa=AVX2 needs="avx2 fma" ;;
  SkylakeX)    isa=AVX512_CORE needs="avx512f avx512bw avx512vl avx512dq" ;;
  Sandybridge) isa=AVX needs="avx" ;;
  Prescott)    isa=SSE41 needs="" ;;
  *) echo "run_with_kernels.sh: unknown core type '$core'" >&2; exit 2 ;;
esac
flags=$(grep -m1 '^flags' /proc/cpuinfo)
for f in $needs; do
  if ! grep -qw "$f" <<<"$flags"; then
    echo "skipped: this CPU has no $f, needed by the $core kernels"
    exit 77
  fi
done
export OPENBLAS_CORETYPE=$core DNNL_MAX_CPU_ISA=$isa ONEDNN_MAX_CPU_ISA=$isa
exec "$@"

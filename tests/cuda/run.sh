#!/usr/bin/env bash
# Builds tests/cuda (the engine, its unit tests and fixture-check's U-Net and sampler cases)
# against a LibTorch and runs them: on the CPU, and on CUDA where that LibTorch has it and a GPU
# is visible (the *-cuda fixture checks fail otherwise, naming the device).
# Usage: tests/cuda/run.sh BUILD_DIR [CMAKE_ARGS...]
#   e.g. tests/cuda/run.sh build-cuda -DCMAKE_PREFIX_PATH="$(python3 -c 'import torch; print(torch.utils.cmake_prefix_path)')"
set -euo pipefail
build="$1"
shift
cmake -S "$(dirname "$0")" -B "$build" -DCMAKE_BUILD_TYPE=Release "$@"
cmake --build "$build" -j "$(nproc)"
cd "$build"
ctest --output-on-failure -j "$(nproc)"

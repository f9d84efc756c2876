#!/usr/bin/env bash
# The engine API (core/engine_api.hpp) is gui/'s only way into the LibTorch layers, and it is free
# of LibTorch: (1) no file of gui/ includes a header of core/nn, diffusion, pipeline, train or eval
# directly; (2) preprocessing core/engine_api.hpp pulls in no LibTorch header (ATen, c10, torch).
# Usage: check_engine_api.sh CXX SOURCE_DIR
set -u
cxx="$1" root="$2"
failures=0

internal="$(grep -rnE '#include "core/(nn|diffusion|pipeline|train|eval)/' "$root/gui")"
if [ -n "$internal" ]; then
    echo "FAIL: gui/ includes engine internals; include core/engine_api.hpp (or add the header to it):"
    echo "$internal"
    failures=1
fi

headers="$(echo '#include "core/engine_api.hpp"' | "$cxx" -std=c++17 -I"$root" -x c++ -E -H -o /dev/null - 2>&1 | grep -E '^\.+ ')"
[ -n "$headers" ] || { echo "FAIL: the compiler listed no headers for core/engine_api.hpp"; failures=1; }
torch="$(echo "$headers" | grep -E '/(ATen|c10|torch|caffe2)/')"
if [ -n "$torch" ]; then
    echo "FAIL: core/engine_api.hpp pulls in LibTorch headers (first ones, indented by depth):"
    echo "$torch" | head -5
    failures=1
fi

[ "$failures" -eq 0 ] && echo "engine API: gui/ uses only core/engine_api.hpp; $(echo "$headers" | grep -c 'core/') project headers, no LibTorch"
exit "$failures"

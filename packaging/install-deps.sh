#!/usr/bin/env bash
# Installs the Debian packages IVID Studio needs to build, test and run, and the npm tools the
# export tests check files with (packaging/interop: glTF-Validator, splat-transform; versions
# pinned by its package-lock.json, installed into packaging/interop/node_modules, never globally).
# Idempotent: when everything is present it only runs dpkg-query and compares two files.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libtorch-dev libopenblas0-pthread libgloo-dev
  libimgui-dev libglfw3-dev python3-glad libglm-dev
  libopencv-dev nlohmann-json3-dev doctest-dev
  libopenexr-dev zlib1g-dev
  xvfb xauth xdotool libgl1-mesa-dri libegl-dev libgl-dev
  ffmpeg
  blender python3-numpy
  clang-14 libclang-rt-14-dev
)
INTEROP="$(cd "$(dirname "$0")" && pwd)/interop"

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

command -v npm > /dev/null || missing+=(npm)

if [[ ${#missing[@]} -gt 0 ]]; then
  echo "install-deps: installing ${missing[*]}" >&2
  SUDO=""
  if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  $SUDO apt-get update -qq
  $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# A copy of the lock it installed marks a complete install; reinstall when the lock changed.
STAMP="$INTEROP/node_modules/.ivid-installed-lock.json"
if ! cmp -s "$INTEROP/package-lock.json" "$STAMP"; then
  echo "install-deps: installing the interop test tools into $INTEROP/node_modules" >&2
  npm ci --prefix "$INTEROP" --ignore-scripts --no-audit --no-fund --loglevel=error >/dev/null
  cp "$INTEROP/package-lock.json" "$STAMP"
fi

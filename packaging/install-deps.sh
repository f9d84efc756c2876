#!/usr/bin/env bash
# Installs the Debian packages IVID Studio needs to build, test and run.
# Idempotent: when everything is present it only runs dpkg-query and exits.
set -euo pipefail

PACKAGES=(
  build-essential cmake pkg-config
  libtorch-dev libopenblas0-pthread
  libimgui-dev libglfw3-dev python3-glad libglm-dev
  libopencv-dev nlohmann-json3-dev doctest-dev
  libopenexr-dev zlib1g-dev
  xvfb xauth xdotool libgl1-mesa-dri libegl-dev libgl-dev
  ffmpeg
)

missing=()
for pkg in "${PACKAGES[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$pkg")
done

if [[ ${#missing[@]} -eq 0 ]]; then
  exit 0
fi

echo "install-deps: installing ${missing[*]}" >&2
SUDO=""
if [[ $(id -u) -ne 0 ]]; then SUDO="sudo"; fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null

#!/usr/bin/env bash
# The Debian package, unpacked into a temporary root and run from there: the installed programs
# use the installed assets, never the source checkout they were built from (which is on this
# machine), unless IVID_ASSETS_DIR says otherwise.
# Usage: test_installed_package.sh /path/to/build/app/ivid
set -u
IVID="$1"
BUILD="$(cd "$(dirname "$IVID")/.." && pwd)"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
source "$(dirname "$0")/cli_helpers.sh"

(cd "$BUILD" && cpack -G DEB --config CPackConfig.cmake -B "$TMP/pkg" > "$TMP/cpack.log" 2>&1) \
    || { cat "$TMP/cpack.log"; echo "cpack failed"; exit 1; }
dpkg-deb -x "$TMP"/pkg/ivid-studio_*.deb "$TMP/root" || { echo "dpkg-deb -x failed"; exit 1; }
ROOT="$TMP/root"
ASSETS="$ROOT/usr/share/ivid-studio/assets"
[ -x "$ROOT/usr/bin/ivid" ] || fail "the package has no usr/bin/ivid"

# Mark the installed pack, so a generated scene tells which copy was read.
set_pack_name() {
    python3 - "$1" "$2" <<'PY'
import json, sys
path, name = sys.argv[1], sys.argv[2]
pack = json.load(open(path))
pack["name"] = name
json.dump(pack, open(path, "w"), indent=2)
PY
}
set_pack_name "$ASSETS/models/default/pack.json" "installed copy"
pack_of() { python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['provenance']['extra']['model_pack'])" "$1/scene.json"; }

cd "$TMP"  # not inside the source tree
expect 0 "27 (26 with condition buffers)" "$ROOT/usr/bin/ivid" info "$ASSETS/scenes/default"
expect 0 "" "$ROOT/usr/bin/ivid" generate --seeds 1 --steps-uncond 2 --steps-cond 2 --viewset ring:2 --threads 2 \
    --quiet --out "$TMP/installed"
[ "$(pack_of "$TMP/installed")" = "installed copy" ] || fail "installed ivid generate read another pack: $(pack_of "$TMP/installed")"

# IVID_ASSETS_DIR overrides: a pack of the same models under another name.
mkdir -p "$TMP/override/models/default"
for f in "$ASSETS"/models/default/*; do ln -s "$f" "$TMP/override/models/default/"; done
rm "$TMP/override/models/default/pack.json"
cp "$ASSETS/models/default/pack.json" "$TMP/override/models/default/pack.json"
set_pack_name "$TMP/override/models/default/pack.json" "override copy"
expect 0 "" env IVID_ASSETS_DIR="$TMP/override" "$ROOT/usr/bin/ivid" generate --seeds 1 --steps-uncond 2 \
    --steps-cond 2 --viewset ring:2 --threads 2 --quiet --out "$TMP/override-scene"
[ "$(pack_of "$TMP/override-scene")" = "override copy" ] || fail "IVID_ASSETS_DIR was not used"

# The installed studio opens the installed default scene (a scripted capture under Xvfb).
if [ -x "$ROOT/usr/bin/ivid-studio" ] && [ -n "${DISPLAY:-}" ]; then
    XDG_CONFIG_HOME="$TMP/config" "$ROOT/usr/bin/ivid-studio" --screenshot "$TMP/studio.png" --frames 3 \
        > "$TMP/studio.log" 2>&1 || fail "installed ivid-studio failed: $(cat "$TMP/studio.log")"
    [ -s "$TMP/studio.png" ] || fail "installed ivid-studio wrote no screenshot"
    [ ! -s "$TMP/studio.log" ] || fail "installed ivid-studio reported: $(cat "$TMP/studio.log")"
fi

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "all installed-package checks passed"

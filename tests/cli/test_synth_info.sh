#!/usr/bin/env bash
# CLI tests of `ivid synth` and `ivid info`: help, a real scene, refusals and bad input.
# Usage: test_synth_info.sh /path/to/ivid
set -u
IVID="$1"
TMP="$(mktemp -d)"
trap 'rm -rf "$TMP"' EXIT
source "$(dirname "$0")/cli_helpers.sh"

json_field() { python3 -c "import json,sys; j=json.load(sys.stdin); print(eval('j' + sys.argv[1]))" "$1"; }

expect 0 "usage: ivid synth" "$IVID" synth --help
expect 0 "--viewset" "$IVID" synth --help
expect 0 "usage: ivid info" "$IVID" info --help
expect 0 "synth" "$IVID" --help

# A small random-viewset scene, then its JSON summary.
expect 0 "wrote" "$IVID" synth --seed 7 --viewset random --count 3 --size 32 --out "$TMP/a"
info="$("$IVID" info "$TMP/a" --json)" || fail "info --json failed: $info"
[ "$(echo "$info" | json_field "['views']")" = 3 ] || fail "views != 3: $info"
[ "$(echo "$info" | json_field "['views_with_condition']")" = 0 ] || fail "views_with_condition: $info"
[ "$(echo "$info" | json_field "['image_size']")" = 32 ] || fail "image_size: $info"
[ "$(echo "$info" | json_field "['base_image_size']")" = 0 ] || fail "base_image_size: $info"
[ "$(echo "$info" | json_field "['provenance']['seed']")" = 7 ] || fail "seed: $info"
[ "$(echo "$info" | json_field "['provenance']['ground_truth']")" = True ] || fail "ground_truth: $info"
[ "$(echo "$info" | json_field "['provenance']['generator']")" = "ivid synth" ] || fail "generator: $info"
python3 - "$info" <<'PY' || fail "depth range or fov wrong: $info"
import json, sys
j = json.loads(sys.argv[1])
assert abs(j["fov"] - 45) < 1e-6 and abs(j["near"] - 0.6) < 1e-6 and abs(j["far"] - 5) < 1e-6
assert j["near"] <= j["depth_min"] < j["depth_max"] < j["far"], j
PY
expect 0 "3 (0 with condition buffers)" "$IVID" info "$TMP/a"

# The same seed renders the same images; refusing to overwrite, then --force.
expect 1 "already exists (use --force" "$IVID" synth --seed 7 --viewset random --count 3 --size 32 --out "$TMP/a"
[ "$("$IVID" info "$TMP/a" --json | json_field "['views']")" = 3 ] || fail "a refused synth changed the scene"
expect 0 "" "$IVID" synth --seed 7 --viewset random --count 3 --size 32 --out "$TMP/b" --quiet
cmp -s "$TMP/a/views/002_depth.exr" "$TMP/b/views/002_depth.exr" || fail "same seed, different depth"
cmp -s "$TMP/a/views/002_color.png" "$TMP/b/views/002_color.png" || fail "same seed, different colour"

# An upsampled scene keeps its base views: the same world rendered at 16 becomes the base of b (32).
expect 0 "" "$IVID" synth --seed 7 --viewset random --count 3 --size 16 --out "$TMP/lo" --quiet
cp -r "$TMP/b" "$TMP/up"
python3 - "$TMP/lo" "$TMP/up" <<'PY'
import json, shutil, sys
lo, up = sys.argv[1:]
j = json.load(open(up + "/scene.json"))
j["base_image_size"] = 16
for i, v in enumerate(j["views"]):
    v["base"] = {}
    for kind, ext in (("color", "png"), ("depth", "exr")):
        v["base"][kind] = "views/%03d_base_%s.%s" % (i, kind, ext)
        shutil.copy("%s/views/%03d_%s.%s" % (lo, i, kind, ext), up + "/" + v["base"][kind])
json.dump(j, open(up + "/scene.json", "w"), indent=2)
PY
expect 0 "image        32x32 (upsampled from 16x16), fov 45" "$IVID" info "$TMP/up"
info="$("$IVID" info "$TMP/up" --json)" || fail "info --json of an upsampled scene failed: $info"
[ "$(echo "$info" | json_field "['base_image_size']")" = 16 ] || fail "base_image_size: $info"
[ "$(echo "$info" | json_field "['image_size']")" = 32 ] || fail "image_size: $info"
cp "$TMP/b/views/001_color.png" "$TMP/up/views/001_base_color.png"
expect 1 "001_base_color.png: image size: expected 16x16 (base_image_size), found 32x32" "$IVID" info "$TMP/up"
expect 0 "" "$IVID" synth --seed 8 --viewset random --count 2 --size 32 --out "$TMP/a" --force --quiet
[ "$("$IVID" info "$TMP/a" --json | json_field "['views']")" = 2 ] || fail "--force did not replace the scene"

# Bad flag values are usage errors (exit 2) naming the flag.
expect 2 "--size: expected an integer, found 'abc'" "$IVID" synth --size abc --out "$TMP/c"
expect 2 "--size: expected 8..4096" "$IVID" synth --size 2 --out "$TMP/c"
expect 2 "--viewset: expected 3x9 or random, found 'nope'" "$IVID" synth --viewset nope --out "$TMP/c"
expect 2 "--seed: expected a non-negative integer" "$IVID" synth --seed -3 --out "$TMP/c"
expect 2 "--count only applies" "$IVID" synth --count 3 --out "$TMP/c"
expect 2 "missing --out" "$IVID" synth
expect 2 "unknown option --bogus" "$IVID" info "$TMP/a" --bogus
expect 2 "missing dir" "$IVID" info
[ ! -e "$TMP/c" ] || fail "a refused synth created $TMP/c"

# info on broken scenes: exit 1 naming the file.
expect 1 "scene folder not found" "$IVID" info "$TMP/missing"
cp -r "$TMP/b" "$TMP/bad"
echo '{"format": "ivid-scene", ' > "$TMP/bad/scene.json"
expect 1 "scene.json: malformed JSON" "$IVID" info "$TMP/bad"
rm -rf "$TMP/bad" && cp -r "$TMP/b" "$TMP/bad"
truncate -s 100 "$TMP/bad/views/001_color.png"
expect 1 "001_color.png: cannot decode" "$IVID" info "$TMP/bad"
# One line, the project's own: no libpng or OpenCV lines before it.
lines="$("$IVID" info "$TMP/bad" 2>&1 | wc -l)"
[ "$lines" = 1 ] || fail "a truncated PNG printed $lines lines: $("$IVID" info "$TMP/bad" 2>&1)"
expect 1 "001_color.png: cannot decode image: truncated PNG" "$IVID" info "$TMP/bad"
printf '\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR\0\0\0\x04\0\0\0\x04\x08\x02\0\0\0BAD!\0\0\0\0IEND\xaeB`\x82' \
    > "$TMP/bad/views/001_color.png"
expect 1 "001_color.png: cannot decode image: corrupt PNG (CRC mismatch in chunk IHDR" "$IVID" info "$TMP/bad"

# A synth that fails (no parent folder, or a pose below the ground) leaves nothing behind.
expect 1 "parent folder does not exist" "$IVID" synth --size 8 --viewset random --count 1 --out "$TMP/no/such"
[ ! -e "$TMP/no" ] || fail "failed synth created $TMP/no"
leftovers="$(ls -A "$TMP" | grep -c partial)"
[ "$leftovers" = 0 ] || fail "partial folders left behind: $(ls -A "$TMP")"

# Destinations are probed before rendering: an empty path, a folder that refuses files (sysfs
# refuses even root, like a read-only mount).
expect 1 "output path \"\"" "$IVID" synth --size 8 --viewset random --count 1 --out ""
expect 1 "cannot write into folder /sys" timeout 10 "$IVID" synth --size 256 --out /sys/ivid-scene

# The view limit (255, what the renderer can tell apart) is one limit everywhere; random
# viewsets stay within the synthetic world's pitch limit however many poses are drawn.
expect 2 "--count: expected 1..255, found 260" "$IVID" synth --seed 6 --size 8 --viewset random --count 260 --out "$TMP/v"
expect 0 "255 views" "$IVID" synth --seed 1 --size 8 --spp 1 --viewset random --count 255 --out "$TMP/many"
expect 0 "255 (0 with condition" "$IVID" info "$TMP/many"

# JSON nested 70,000 deep in provenance.extra: refused with the file named, not a crash.
rm -rf "$TMP/deep" && cp -r "$TMP/b" "$TMP/deep"
python3 - "$TMP/deep/scene.json" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
deep = "[" * 70000 + "]" * 70000
open(path, "w").write(text.replace('"extra": {', '"extra": {"deep": ' + deep + ', ', 1))
PY
expect 1 "scene.json: JSON nested more than 128 levels deep" "$IVID" info "$TMP/deep"

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "all synth/info CLI checks passed"

#!/usr/bin/env bash
# CLI tests of `ivid render`: MP4 / PNG-sequence / depth-video / float-depth folder outputs, refusals, bad scenes,
# unwritable folders and Ctrl-C - every failure exits non-zero with a message naming the file and
# leaves no partial output. Needs OpenGL: EGL, or a display (`make test` runs under xvfb-run).
# Usage: test_render.sh /path/to/ivid
set -u
IVID="$1"
TMP="$(mktemp -d)"
trap 'chattr -i "$TMP/locked" 2>/dev/null; rm -rf "$TMP"' EXIT
source "$(dirname "$0")/cli_helpers.sh"

# No file, visible or hidden (temporary outputs are ".NAME.partial-..."), other than those named.
only_files() {
    local dir="$1"
    shift
    local found expected
    found="$(ls -A "$dir" | sort | tr '\n' ' ')"
    expected="$( [ $# -eq 0 ] || printf '%s\n' "$@" | sort | tr '\n' ' ')"
    [ "$found" = "$expected" ] || fail "$dir holds '$found', expected '$expected'"
}
# Waits until DIR holds something: a render's temporary outputs exist, so its signal handler is set.
wait_for_entries() {
    for _ in $(seq 300); do
        [ -n "$(ls -A "$1")" ] && return
        sleep 0.1
    done
}
# interrupt_render SIGNAL DIR LOG RENDER_ARGS...: starts an endless render writing into DIR, sends
# SIGNAL once its temporaries exist, and sets rc to its exit status.
interrupt_render() {
    local signal="$1" dir="$2" log="$3"
    shift 3
    "$IVID" render --scene "$TMP/scene" --frames 100000 --size 32x32 --quiet "$@" > "$log" 2>&1 &
    local pid=$!
    wait_for_entries "$dir"
    kill "-$signal" "$pid"
    wait "$pid" 2> /dev/null
    rc=$?
}
# Bit depth of a PNG, from its IHDR chunk.
png_bits() { python3 -c "import sys; print(open(sys.argv[1],'rb').read(25)[24])" "$1"; }
# WIDTHxHEIGHT of a PNG, from its IHDR chunk.
png_size() { python3 -c "import struct,sys; d=open(sys.argv[1],'rb').read(24); print('%dx%d' % struct.unpack('>II', d[16:24]))" "$1"; }

expect 0 "usage: ivid render" "$IVID" render --help
expect 0 "swing|orbit|random|FILE.json" "$IVID" render --help
"$IVID" synth --seed 5 --size 32 --spp 1 --out "$TMP/scene" --quiet || fail "synth failed"
OUT="$TMP/out"
mkdir "$OUT"

# An MP4 with a colourised-depth MP4, and a PNG sequence; nothing else appears.
expect 0 "wrote $OUT/swing.mp4" "$IVID" render --scene "$TMP/scene" --frames 4 --size 64x48 \
    --out "$OUT/swing.mp4" --depth-video "$OUT/depth.mp4" --mode ivid
expect 0 "" "$IVID" render --scene "$TMP/scene" --traj orbit --frames 3 --size 64x48 \
    --out "$OUT/frames/" --ssaa 2 --quiet
only_files "$OUT" swing.mp4 depth.mp4 frames
only_files "$OUT/frames" frame_00000.png frame_00001.png frame_00002.png
[ "$(png_size "$OUT/frames/frame_00002.png")" = 64x48 ] || fail "PNG size $(png_size "$OUT/frames/frame_00002.png")"
for f in swing.mp4 depth.mp4; do
    # ftyp box at offset 4: an MP4 container.
    [ "$(head -c 8 "$OUT/$f" | tail -c 4)" = ftyp ] || fail "$f is not an MP4"
done
if command -v ffprobe > /dev/null; then  # frame count and codec (the GL test decodes with OpenCV)
    probe="$(ffprobe -v error -count_frames -show_entries stream=codec_name,width,height,nb_read_frames -of csv=p=0 "$OUT/swing.mp4")"
    [ "$probe" = "h264,64,48,4" ] || fail "ffprobe: $probe"
fi

# Float depth folders: one EXR (float "Z") and one 16-bit PNG per frame, next to the frames. The
# values themselves are checked against the renderer's depth in gl_test_turntable_export.
expect 0 "wrote $OUT/zexr" "$IVID" render --scene "$TMP/scene" --traj orbit --frames 3 --size 64x48 \
    --out "$OUT/zframes/" --depth-exr "$OUT/zexr/" --depth-png16 "$OUT/zmm"
only_files "$OUT/zexr" frame_00000.exr frame_00001.exr frame_00002.exr
only_files "$OUT/zmm" frame_00000.png frame_00001.png frame_00002.png
python3 "$(dirname "$0")/../interop/check_files.py" exr-z "$OUT/zexr/frame_00002.exr" || fail "frame_00002.exr: no float Z channel"
[ "$(png_bits "$OUT/zmm/frame_00001.png")" = 16 ] || fail "depth PNG bit depth $(png_bits "$OUT/zmm/frame_00001.png")"
[ "$(png_size "$OUT/zmm/frame_00001.png")" = 64x48 ] || fail "depth PNG size $(png_size "$OUT/zmm/frame_00001.png")"
# Existing folders need --force; a folder name with an extension, or one output named twice, is refused.
expect 1 "zexr: already exists (use --force" "$IVID" render --scene "$TMP/scene" --frames 2 --size 32x32 \
    --out "$OUT/z2.mp4" --depth-exr "$OUT/zexr"
expect 0 "" "$IVID" render --scene "$TMP/scene" --frames 2 --size 32x32 --out "$OUT/zframes/" --depth-exr "$OUT/zexr" \
    --depth-png16 "$OUT/zmm" --force --quiet
only_files "$OUT/zexr" frame_00000.exr frame_00001.exr
expect 2 "depth_png16_dir: expected a folder name without extension" "$IVID" render --scene "$TMP/scene" \
    --out "$OUT/z3.mp4" --depth-png16 "$OUT/d.png"
expect 1 "--depth-png16 .*same file as --depth-exr" "$IVID" render --scene "$TMP/scene" --out "$OUT/z4.mp4" \
    --depth-exr "$OUT/zz" --depth-png16 "$OUT/zz/"
mv "$OUT/zframes" "$OUT/zexr" "$OUT/zmm" "$TMP/"

# A keyframe path from a JSON file; a broken one is named.
cat > "$TMP/path.json" <<'JSON'
{"format": "ivid-keyframes", "version": 1, "keyframes": [
  {"time": 0, "yaw": -0.3, "pitch": 0, "radius": 1, "target": [0, 0, 0]},
  {"time": 2, "yaw": 0.3, "pitch": 0.1, "radius": 0.9, "target": [0, 0, 0]}]}
JSON
expect 0 "wrote $OUT/path.mp4" "$IVID" render --scene "$TMP/scene" --traj "$TMP/path.json" --frames 3 \
    --size 32x32 --out "$OUT/path.mp4"
echo '{"format": "ivid-keyframes", "version": 1, "keyframes": [' > "$TMP/bad_path.json"
expect 1 "bad_path.json" "$IVID" render --scene "$TMP/scene" --traj "$TMP/bad_path.json" --frames 3 \
    --size 32x32 --out "$OUT/bad_path.mp4"

# Existing outputs are kept unless --force.
cp "$OUT/swing.mp4" "$TMP/swing.copy"
expect 1 "swing.mp4: already exists (use --force" "$IVID" render --scene "$TMP/scene" --frames 2 --size 32x32 \
    --out "$OUT/swing.mp4"
cmp -s "$OUT/swing.mp4" "$TMP/swing.copy" || fail "a refused render changed swing.mp4"
expect 0 "wrote" "$IVID" render --scene "$TMP/scene" --frames 2 --size 32x32 --out "$OUT/swing.mp4" --force
cmp -s "$OUT/swing.mp4" "$TMP/swing.copy" && fail "--force did not replace swing.mp4"
only_files "$OUT" swing.mp4 depth.mp4 frames path.mp4

# Usage errors (exit 2) name the flag.
expect 2 "size: expected even width and height" "$IVID" render --scene "$TMP/scene" --size 63x48 --out "$OUT/x.mp4"
expect 2 "--size: expected WxH or N" "$IVID" render --scene "$TMP/scene" --size big --out "$OUT/x.mp4"
expect 2 "--traj: expected swing, orbit, random or a keyframes FILE.json, found 'spiral'" "$IVID" render \
    --scene "$TMP/scene" --traj spiral --out "$OUT/x.mp4"
expect 2 "blend_mode: expected \"ivid\" or \"depth-aware\"" "$IVID" render --scene "$TMP/scene" --mode fancy --out "$OUT/x.mp4"
expect 2 "supersampling: expected 1..4, found 9" "$IVID" render --scene "$TMP/scene" --ssaa 9 --out "$OUT/x.mp4"
expect 2 "--atol: expected" "$IVID" render --scene "$TMP/scene" --atol -1 --out "$OUT/x.mp4"
expect 2 "--erode-rgb: expected 1..16, found 0" "$IVID" render --scene "$TMP/scene" --erode-rgb 0 --out "$OUT/x.mp4"
# render.py's meshing flags change the meshes: with edges never cut, the same pose shows
# stretched triangles where the default cuts.
"$IVID" render --scene "$TMP/scene" --frames 1 --size 64x64 --quiet --out "$TMP/cut/" || fail "render with default meshing"
"$IVID" render --scene "$TMP/scene" --frames 1 --size 64x64 --quiet --atol 100 --rtol 100 --out "$TMP/uncut/" \
    || fail "render with --atol 100 --rtol 100"
[ -f "$TMP/cut/frame_00000.png" ] && [ -f "$TMP/uncut/frame_00000.png" ] || fail "no frame_00000.png written"
cmp -s "$TMP/cut/frame_00000.png" "$TMP/uncut/frame_00000.png" && fail "--atol/--rtol did not change the rendered frame"
# render.py's --traj random: one seeded pose per frame; another seed, another pose.
"$IVID" render --scene "$TMP/scene" --traj random --frames 1 --size 64x64 --quiet --out "$TMP/rand1/" || fail "--traj random"
"$IVID" render --scene "$TMP/scene" --traj random --traj-seed 9 --frames 1 --size 64x64 --quiet --out "$TMP/rand9/" \
    || fail "--traj random --traj-seed 9"
[ -f "$TMP/rand1/frame_00000.png" ] && [ -f "$TMP/rand9/frame_00000.png" ] || fail "--traj random wrote no frame"
cmp -s "$TMP/rand1/frame_00000.png" "$TMP/rand9/frame_00000.png" && fail "--traj-seed did not change the random pose"
expect 2 "frames: expected 1..100000, found 0" "$IVID" render --scene "$TMP/scene" --frames 0 --out "$OUT/x.mp4"
expect 2 "--out: expected FILE.mp4 or a folder DIR/, found" "$IVID" render --scene "$TMP/scene" --out "$OUT/x.avi"
expect 2 "depth_video: expected a .mp4 file" "$IVID" render --scene "$TMP/scene" --out "$OUT/x.mp4" --depth-video "$OUT/d.png"
expect 2 "missing --scene" "$IVID" render --out "$OUT/x.mp4"
only_files "$OUT" swing.mp4 depth.mp4 frames path.mp4

# Broken scenes: exit 1 naming the file; no output appears.
cp -r "$TMP/scene" "$TMP/truncated"
truncate -s 100 "$TMP/truncated/views/003_color.png"
expect 1 "003_color.png: cannot decode" "$IVID" render --scene "$TMP/truncated" --frames 2 --out "$OUT/bad.mp4"
cp -r "$TMP/scene" "$TMP/no_exr"
rm "$TMP/no_exr/views/004_depth.exr"
expect 1 "004_depth.exr: file not found" "$IVID" render --scene "$TMP/no_exr" --frames 2 --out "$OUT/bad.mp4" \
    --depth-video "$OUT/bad_depth.mp4"
cp -r "$TMP/scene" "$TMP/bad_json"
echo '{"format": "ivid-scene", "views": [' > "$TMP/bad_json/scene.json"
expect 1 "scene.json: malformed JSON" "$IVID" render --scene "$TMP/bad_json" --frames 2 --out "$OUT/bad_frames/"
expect 1 "scene folder not found" "$IVID" render --scene "$TMP/nowhere" --frames 2 --out "$OUT/bad.mp4"
only_files "$OUT" swing.mp4 depth.mp4 frames path.mp4

# Folders that refuse new files. Tests run as root, for whom chmod does not stop writes, so:
# (1) a path below a regular FILE; (2) /proc, which refuses new entries for everyone; (3) a folder
# made immutable with chattr +i (root cannot write there either) - or, for other users, chmod a-w.
expect 1 "swing.mp4 is not a folder" "$IVID" render --scene "$TMP/scene" --frames 2 --out "$OUT/swing.mp4/x.mp4"
expect 1 "/proc/ivid-render.mp4: cannot write into folder /proc" "$IVID" render --scene "$TMP/scene" \
    --frames 2 --out /proc/ivid-render.mp4
mkdir "$TMP/locked"
if [ "$(id -u)" = 0 ]; then chattr +i "$TMP/locked" 2>/dev/null; else chmod a-w "$TMP/locked"; fi
if touch "$TMP/locked/probe" 2>/dev/null; then
    rm -f "$TMP/locked/probe"
    echo "note: cannot make a read-only folder here (no chattr +i); skipped that case"
else
    expect 1 "locked/turntable.mp4: cannot write into folder" "$IVID" render --scene "$TMP/scene" --frames 2 \
        --out "$TMP/locked/turntable.mp4"
    expect 1 "cannot write into folder" "$IVID" render --scene "$TMP/scene" --frames 2 --out "$OUT/ok.mp4" \
        --depth-video "$TMP/locked/depth.mp4"
    expect 1 "locked/exr: cannot write into folder" "$IVID" render --scene "$TMP/scene" --frames 2 --out "$OUT/ok.mp4" \
        --depth-exr "$TMP/locked/exr"
    [ -z "$(ls -A "$TMP/locked")" ] || fail "files appeared in the locked folder"
fi
only_files "$OUT" swing.mp4 depth.mp4 frames path.mp4

# Ctrl-C between frames: exit 130, the temporary outputs are removed.
mkdir "$TMP/cancel"
interrupt_render INT "$TMP/cancel" "$TMP/cancel.log" --out "$TMP/cancel/long.mp4" --depth-video "$TMP/cancel/long_depth.mp4" \
    --depth-exr "$TMP/cancel/exr" --depth-png16 "$TMP/cancel/mm"
[ "$rc" = 130 ] || fail "interrupted render exited $rc, expected 130: $(cat "$TMP/cancel.log")"
grep -q "cancelled, nothing written" "$TMP/cancel.log" || fail "no cancel message: $(cat "$TMP/cancel.log")"
only_files "$TMP/cancel"

# SIGTERM (kill, scancel, Kubernetes) is handled like Ctrl-C: exit 143, nothing left behind.
mkdir "$TMP/term"
interrupt_render TERM "$TMP/term" "$TMP/term.log" --out "$TMP/term/c.mp4"
[ "$rc" = 143 ] || fail "terminated render exited $rc, expected 143: $(cat "$TMP/term.log")"
only_files "$TMP/term"

# kill -9 cannot be caught: its partial file is removed by the next render to that place.
interrupt_render KILL "$TMP/term" /dev/null --out "$TMP/term/c.mp4"
[ -n "$(ls -A "$TMP/term")" ] || fail "kill -9 left no partial file to clean up (test setup)"
expect 0 "" "$IVID" render --scene "$TMP/scene" --frames 2 --size 32x32 --out "$TMP/term/c.mp4" --quiet
only_files "$TMP/term" c.mp4

# Two outputs naming one file: refused before anything is written, the existing file kept.
echo keep > "$TMP/same.mp4"
expect 1 "--depth-video .*same file as --out" "$IVID" render --scene "$TMP/scene" --frames 2 --size 32x32 \
    --out "$TMP/same.mp4" --depth-video "$TMP/./same.mp4" --force
[ "$(cat "$TMP/same.mp4")" = keep ] || fail "a refused render changed the existing file"

# A FIFO in place of a view's depth: an error naming it, at once (it used to wait forever).
cp -r "$TMP/scene" "$TMP/fifo"
rm "$TMP/fifo/views/004_depth.exr"
mkfifo "$TMP/fifo/views/004_depth.exr"
expect 1 "004_depth.exr: cannot open: is a FIFO" timeout 20 "$IVID" render --scene "$TMP/fifo" --frames 2 \
    --size 32x32 --out "$TMP/fifo.mp4"
expect 1 "004_depth.exr: cannot open: is a FIFO" timeout 20 "$IVID" info "$TMP/fifo"

# --settings: a studio settings file's Export turntable and View look; flags given override it.
cat > "$TMP/look.json" <<'JSON'
{"format": "ivid-studio-settings", "version": 1,
 "render": {"blend_mode": "ivid", "background": [1, 0, 0]},
 "export": {"trajectory": "orbit", "frames": 3, "size": [48, 32], "fps": 12, "video": "ignored.mp4"}}
JSON
pushd "$TMP" > /dev/null  # where the file's relative "video" would land
expect 0 "rendered 3 frames of 48x32 (ivid, orbit)" "$IVID" render --scene "$TMP/scene" --settings "$TMP/look.json" \
    --out "$OUT/look/"
popd > /dev/null
[ -e "$TMP/ignored.mp4" ] && fail "--settings wrote to the studio's own output path"
expect 0 "rendered 2 frames of 64x48 (depth-aware, orbit)" "$IVID" render --scene "$TMP/scene" --settings "$TMP/look.json" \
    --out "$OUT/look2/" --frames 2 --size 64x48 --mode depth-aware
# The file's red background fills what no view covers (the orbit's second pose looks from behind).
red="$(ffmpeg -loglevel error -i "$OUT/look/frame_00001.png" -f rawvideo -pix_fmt rgb24 - |
       python3 -c "import sys; d = sys.stdin.buffer.read(); print(sum(d[i:i+3] == bytes([255, 0, 0]) for i in range(0, len(d), 3)))")"
[ "${red:-0}" -gt 0 ] || fail "--settings: no pixel shows the file's red background"
echo '{"format": "ivid-studio-settings", "version": 1, "render": {"max_views": -2}}' > "$TMP/bad-look.json"
expect 1 "bad-look.json.*max_views" "$IVID" render --scene "$TMP/scene" --settings "$TMP/bad-look.json" --out "$OUT/bad/"
expect 1 "missing-look.json" "$IVID" render --scene "$TMP/scene" --settings "$TMP/missing-look.json" --out "$OUT/bad/"
[ -e "$OUT/bad" ] && fail "a bad --settings file left output behind"

if [ "$failures" -ne 0 ]; then
    echo "$failures failure(s)"
    exit 1
fi
echo "all render CLI checks passed"
